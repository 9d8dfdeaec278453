// The CLI's slice-check command still imports the run lookup from here.
export { findRunId } from '../store/sliceRuns.js';
