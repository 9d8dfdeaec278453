/** MAD mining's pure algorithms, for the core's mining service and the renderer alike. */
export * from './baselines.js';
export * from './candidateSet.js';
export * from './classFractions.js';
export * from './classLut.js';
export * from './confusionMatrix.js';
export * from './contentConstraint.js';
export * from './discrepancy.js';
export * from './miningParams.js';
export * from './prng.js';
export * from './quantile.js';
export * from './selectCandidates.js';
export * from './topNHeaps.js';
export * from './uncertainty.js';
