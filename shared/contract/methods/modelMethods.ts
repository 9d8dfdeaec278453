import { z } from 'zod';
import { ModelSummary } from '../domain.js';
import { Empty, method } from '../method.js';

/** The model registry. */
export const modelMethods = {
  'models.list': method(Empty, z.array(ModelSummary), 'Registered models, all versions.'),
} as const;
