/**
 * The values of contract enums that the CLI names in its help, kept free of zod so that
 * `faultline --help` loads no schema; the schemas are built from these lists.
 */

/** Label formats `groundTruth.import` reads. */
export const LABEL_FORMATS = ['coco', 'cvat', 'cityscapes', 'voc', 'labelstudio'] as const;

/** 'auto' tries the platform's providers best first; a named one is used or the call fails. */
export const PROVIDER_REQUESTS = ['auto', 'cuda', 'dml', 'coreml', 'cpu'] as const;

/** What a person may do in a project: rate, label, review others' masks, or everything. */
export const PERSON_ROLES = ['rater', 'annotator', 'reviewer', 'admin'] as const;
