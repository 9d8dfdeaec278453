import type { MaskPayload } from '../../../shared/contract/domain.js';
import { FaultlineError } from '../../../shared/contract/errors.js';
import { inflateLabelMap } from '../store/labelMapBlob.js';
import { UNLABELLED } from '../../../shared/labels/unlabelled.js';

/** Masks as the renderer sends and receives them: the stored label-map layout (labelMapBlob.ts), base64 over the contract. */

/**
 * Checks a mask sent by a renderer: the size of its image, and every pixel a known class or
 * unlabelled. Returns the deflated bytes to store, as sent.
 */
export function readMaskPayload(
  payload: MaskPayload,
  image: { width: number; height: number },
  classIds: ReadonlySet<number>,
): Buffer {
  if (payload.width !== image.width || payload.height !== image.height) {
    throw new FaultlineError('invalid_input', `The mask is ${payload.width}×${payload.height}; the image is ${image.width}×${image.height}.`);
  }
  const deflated = Buffer.from(payload.data, 'base64');
  const labels = inflateLabelMap(deflated, payload.width, payload.height, 'mask');
  const allowed = new Uint8Array(256);
  allowed[UNLABELLED] = 1;
  for (const id of classIds) allowed[id] = 1;
  for (let i = 0; i < labels.length; i++) {
    if (allowed[labels[i]!] === 0) {
      const x = i % payload.width;
      const y = (i - x) / payload.width;
      throw new FaultlineError('invalid_input', `The mask has class ${labels[i]} at (${x}, ${y}), which is not a project class.`);
    }
  }
  return deflated;
}

export function maskPayload(deflated: Uint8Array, width: number, height: number): MaskPayload {
  return { width, height, encoding: 'deflate', data: Buffer.from(deflated.buffer, deflated.byteOffset, deflated.byteLength).toString('base64') };
}
