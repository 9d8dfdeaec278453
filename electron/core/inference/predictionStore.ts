export { readPrediction } from '../store/predictions.js';
