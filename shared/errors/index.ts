/** Automated classification of segmentation errors: pure rules usable in the core and the renderer. */
export * from './boundaryDistance.js';
export * from './classHierarchy.js';
export * from './classifyErrors.js';
export * from './componentSummary.js';
export * from './errorCategories.js';
export * from './errorMix.js';
export * from './errorSettings.js';
export * from './regionRules.js';
export * from './trainingStatistics.js';
