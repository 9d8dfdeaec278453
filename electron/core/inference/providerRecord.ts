export { readLastProvider } from '../store/projectStats.js';
