import { annotationMethods } from './methods/annotationMethods.js';
import { assistMethods } from './methods/assistMethods.js';
import { errorMethods } from './methods/errorMethods.js';
import { evaluationMethods } from './methods/evaluationMethods.js';
import { finetuneMethods } from './methods/finetuneMethods.js';
import { groundTruthMethods } from './methods/groundTruthMethods.js';
import { labMethods } from './methods/labMethods.js';
import { imageMethods } from './methods/imageMethods.js';
import { inferenceMethods } from './methods/inferenceMethods.js';
import { miningMethods } from './methods/miningMethods.js';
import { ratingMethods } from './methods/ratingMethods.js';
import { roundMethods } from './methods/roundMethods.js';
import { modelMethods } from './methods/modelMethods.js';
import { projectMethods } from './methods/projectMethods.js';
import { qualityMethods } from './methods/qualityMethods.js';
import { sliceMethods } from './methods/sliceMethods.js';
import type { z } from 'zod';

/**
 * The whole API between renderer and core, one file per feature under methods/. Both hosts
 * register exactly this table, and the renderer's client is typed by it, so a method cannot
 * exist on one side only.
 */
export const methods = {
  ...projectMethods,
  ...imageMethods,
  ...groundTruthMethods,
  ...modelMethods,
  ...inferenceMethods,
  ...annotationMethods,
  ...assistMethods,
  ...miningMethods,
  ...ratingMethods,
  ...evaluationMethods,
  ...roundMethods,
  ...qualityMethods,
  ...finetuneMethods,
  ...errorMethods,
  ...sliceMethods,
  ...labMethods,
} as const;

export type Methods = typeof methods;
export type MethodName = keyof Methods;
export type MethodInput<M extends MethodName> = z.input<Methods[M]['input']>;
export type MethodParsedInput<M extends MethodName> = z.output<Methods[M]['input']>;
export type MethodOutput<M extends MethodName> = z.output<Methods[M]['output']>;

export const methodNames = Object.keys(methods) as MethodName[];

export function isMethodName(name: string): name is MethodName {
  return Object.hasOwn(methods, name);
}
