import type { RegisterCommand } from '../command.js';
import { registerImportImages } from './importImages.js';
import { registerDemo } from './demo.js';
import { registerEvaluate } from './evaluate.js';
import { registerExport } from './exportData.js';
import { registerInfer } from './infer.js';
import { registerInfo } from './info.js';
import { registerInit } from './init.js';
import { registerMine } from './mine.js';
import { registerModels } from './models.js';
import { registerScoreLabels } from './scoreLabels.js';
import { registerServe } from './serve.js';

/** Every CLI command, in the order `--help` lists them. */
export const commands: RegisterCommand[] = [registerInit, registerDemo, registerInfo, registerImportImages, registerModels, registerInfer, registerServe, registerMine, registerEvaluate, registerExport, registerScoreLabels];
