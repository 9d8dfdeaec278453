export * from './meanOpinionScore.js';
export * from './selectCounterexamples.js';
export * from './krippendorffAlpha.js';
