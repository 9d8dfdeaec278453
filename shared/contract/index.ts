export * from './domain.js';
export * from './errors.js';
export * from './events.js';
export * from './jobResults.js';
export * from './methods.js';
export * from './wire.js';
