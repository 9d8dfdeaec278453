export * from './rect.js';
export * from './rle.js';
export * from './rasterizePolygon.js';
export * from './floodFill.js';
export * from './brush.js';
export * from './connectedComponents.js';
