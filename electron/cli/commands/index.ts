import type { RegisterCommand } from '../command.js';
import { registerImportImages } from './importImages.js';
import { registerImportLabels } from './importLabels.js';
import { registerCheck } from './check.js';
import { registerDemo } from './demo.js';
import { registerErrors } from './errors.js';
import { registerEvaluate } from './evaluate.js';
import { registerExperiment } from './experiment.js';
import { registerExport } from './exportData.js';
import { registerFinetune } from './finetune.js';
import { registerInfer } from './infer.js';
import { registerInfo } from './info.js';
import { registerInit } from './init.js';
import { registerMerge } from './merge.js';
import { registerMine } from './mine.js';
import { registerModels } from './models.js';
import { registerPeople } from './people.js';
import { registerQuality } from './quality.js';
import { registerScoreLabels } from './scoreLabels.js';
import { registerServe } from './serve.js';
import { registerSliceCheck } from './sliceCheck.js';
import { registerSlices } from './slices.js';

/** Every CLI command, in the order `--help` lists them. */
export const commands: RegisterCommand[] = [registerInit, registerDemo, registerInfo, registerCheck, registerImportImages, registerImportLabels, registerModels, registerInfer, registerServe, registerPeople, registerMine, registerFinetune, registerEvaluate, registerExperiment, registerErrors, registerExport, registerQuality, registerScoreLabels, registerSlices, registerSliceCheck, registerMerge];
