export * from './dominance.js';
export * from './globalRanking.js';
export * from './measuredRanking.js';
export * from './spearman.js';
export * from './rankingStability.js';
