import type { assistMethods } from '../../../shared/contract/methods/assistMethods.js';
import type { CoreServices, FeatureHandlers } from './handlerTable.js';

export function assistHandlers({ session, assist }: CoreServices): FeatureHandlers<typeof assistMethods> {
  return {
    'assist.models': () => assist.list(session.require().dir),
    'assist.prepare': ({ model, imageId, next }) => assist.encodeImage(session.require(), model, imageId, next),
    'assist.cancel': async ({ model }) => {
      await assist.cancel(session.require(), model);
      return { ok: true } as const;
    },
    'assist.decode': ({ model, imageId, prompt, seed }) => assist.decode(session.require(), model, imageId, prompt, seed),
    'assist.mask': async ({ model, imageId }) => ({ mask: await assist.fullMask(session.require(), model, imageId) }),
  };
}
