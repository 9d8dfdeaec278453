import { isFaultlineError } from '../../../shared/contract/errors.js';
import { FINETUNE_DEFAULTS, type FinetunePreview } from '../../../shared/contract/methods/finetuneMethods.js';
import { loadModel } from '../store/models.js';
import type { Db } from '../store/openProjectDb.js';
import { finetuneImages, latestFinetuneRun } from '../store/finetuneData.js';
import { imageArea } from '../store/images.js';
import { planFinetune, targetModel } from './runFinetune.js';

/** What a fine-tune would learn from and whether it can start, without starting it. */
export function finetunePreview(db: Db, modelId?: number): FinetunePreview {
  const model = modelId === undefined ? targetModel(db) : loadModel(db, modelId);
  const images = finetuneImages(db);
  let problem: string | null = null;
  try {
    planFinetune(db, modelId === undefined ? {} : { modelId });
  } catch (error) {
    if (!isFaultlineError(error)) throw error;
    problem = error.message;
  }
  return {
    model: model && { id: model.id, name: model.name, version: model.version, isTarget: model.isTarget },
    hasHead: model?.card.head !== undefined,
    featureChannels: model?.card.head?.featureChannels ?? null,
    tailLayers: model?.card.tail?.layers.length ?? null,
    old: { images: images.old.length, pixels: imageArea(db, images.old) },
    new: { images: images.new.length, pixels: imageArea(db, images.new) },
    problem,
    defaults: { ...FINETUNE_DEFAULTS },
    lastRun: latestFinetuneRun(db),
  };
}
