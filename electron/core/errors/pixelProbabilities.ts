import type { ModelCard } from '../../../shared/models/modelCard.js';
import { decodeProbs } from '../inference/probsBlob.js';
import { outputMapping, planResize } from '../inference/resizePlan.js';
import { classMapByName } from '../models/classMap.js';
import { type StoredClassMap } from '../store/models.js';
import type { ClassInfo } from '../../../shared/contract/domain.js';

/** How a model's stored probabilities map to project classes: per project class id, the model channels that feed it. */
export interface ProbabilityMapping {
  card: ModelCard;
  channelsOf: number[][];
}

/** A model without a stored class map is read by class name, as import would map it. */
export function probabilityMapping(card: ModelCard, classMap: StoredClassMap | null, projectClasses: readonly ClassInfo[], numClasses: number): ProbabilityMapping {
  const map = classMap ?? classMapByName(card.classes, projectClasses);
  const channelsOf: number[][] = Array.from({ length: numClasses }, () => []);
  map.forEach((projectId, channel) => {
    if (projectId !== null && projectId < numClasses) channelsOf[projectId]!.push(channel);
  });
  return { card, channelsOf };
}

/**
 * Per image pixel, the model's probability of the class it predicted (confidence) and of the
 * reference label (self-confidence, the label-quality score of confident learning), read from the
 * stored score map at the nearest score pixel through the card's resize policy. A project class
 * fed by several model channels gets their sum.
 */
export function pixelProbabilities(
  blob: Uint8Array,
  mapping: ProbabilityMapping,
  width: number,
  height: number,
  prediction: Uint8Array,
  reference: Uint8Array,
): { confidence: Float32Array; labelQuality: Float32Array } {
  const { probs, h: outH, w: outW, classes } = decodeProbs(blob);
  const { input } = mapping.card;
  const m = outputMapping(planResize(width, height, input.width, input.height, input.resize), outW, outH);
  const plane = outW * outH;
  const column = Int32Array.from({ length: width }, (_, x) => Math.min(outW - 1, Math.max(0, Math.round((x + 0.5) * m.ax + m.bx - 0.5))));
  const confidence = new Float32Array(width * height);
  const labelQuality = new Float32Array(width * height);
  const channels = mapping.channelsOf.map((list) => list.filter((k) => k < classes));
  const sumAt = (classId: number, at: number): number => {
    const list = channels[classId];
    if (!list) return 0;
    let p = 0;
    for (const k of list) p += probs[k * plane + at]!;
    return p;
  };
  for (let y = 0; y < height; y++) {
    const row = Math.min(outH - 1, Math.max(0, Math.round((y + 0.5) * m.ay + m.by - 0.5))) * outW;
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      const at = row + column[x]!;
      confidence[i] = sumAt(prediction[i]!, at);
      labelQuality[i] = sumAt(reference[i]!, at);
    }
  }
  return { confidence, labelQuality };
}
