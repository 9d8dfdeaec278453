/**
 * The core's public entry: what a host (the CLI, the server, the Electron shell) may use. A host
 * creates the core and calls contract methods; everything else under electron/core is internal.
 */
export { createCore, type Core, type CoreOptions } from './createCore.js';
export type { Credential } from './lab/credential.js';
export { headlessHost, type HostServices } from './host/hostServices.js';
/** Plain values and functions a client formats its output with. */
export { DEFAULT_MAX_PIXELS } from '../../shared/images/imageLimits.js';
export { providerLabel } from './inference/providers.js';
export { writeColourMaskPng } from './models/colourMaskPng.js';
/** The job context a local tool (no project core) reports progress through. */
export type { JobContext } from './jobs/jobRunner.js';
/** Local tools: they work on files or build a fresh project, so they run without a core. */
export { scoreLabelsFiles, type ScoreLabelsHooks, type ScoreLabelsOptions, type ScoreLabelsReport } from './quality/scoreLabelsFiles.js';
export type { QualityProgress } from './quality/scoreLabelQuality.js';
export { ExperimentOptions } from './experiment/experimentResults.js';
export { runMadVsBaselines } from './experiment/madVsBaselines.js';
export { createDemoProject } from './demo/createDemoProject.js';
