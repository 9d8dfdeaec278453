import type { RegisterCommand } from '../command.js';
import { registerInfo } from './info.js';
import { registerInit } from './init.js';
import { registerMine } from './mine.js';
import { registerServe } from './serve.js';

/** Every CLI command, in the order `--help` lists them. */
export const commands: RegisterCommand[] = [registerInit, registerInfo, registerServe, registerMine];
