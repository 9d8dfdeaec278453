import type { modelMethods } from '../../../shared/contract/methods/modelMethods.js';
import { listModels } from '../services/modelsService.js';
import type { CoreServices, FeatureHandlers } from './handlerTable.js';

export function modelHandlers({ session }: CoreServices): FeatureHandlers<typeof modelMethods> {
  return {
    'models.list': () => listModels(session.require().db),
  };
}
