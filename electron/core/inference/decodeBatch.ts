import { isRetryable, retryReason } from '../images/errorClass.js';
import { decodeDicomForModel } from './decodeDicomFrame.js';
import { decodeForModel, type DecodeTarget } from './decodeImage.js';
import type { BatchImage, DecodeOutcome } from './workerProtocol.js';
import type { ResizePlan } from './resizePlan.js';

export interface DecodedItem {
  imageId: number;
  rgb: Uint8Array | Float32Array;
  plan: ResizePlan;
}

/** Why a file decoded to another size than the import recorded; null when it matches or none was recorded. */
export function sizeMismatch(image: BatchImage, width: number, height: number): string | null {
  if (image.size === null || (image.size.width === width && image.size.height === height)) return null;
  return `the file is now ${width}×${height} but was imported as ${image.size.width}×${image.size.height}; import it again`;
}

/**
 * Decodes a batch's files at the model's size, all at once (libvips threads), in the worker that
 * will run them: the host thread never holds pixels. Each image is decoded, or an outcome says
 * why not: a refused file is an error recorded against the image; a file that cannot be read for a
 * passing reason (moved, locked, too many open files) is left for the next run.
 */
export async function decodeBatch(images: readonly BatchImage[], input: DecodeTarget): Promise<{ decoded: DecodedItem[]; outcomes: DecodeOutcome[]; decodeMs: number }> {
  const decoded: DecodedItem[] = [];
  const outcomes: DecodeOutcome[] = [];
  let decodeMs = 0;
  await Promise.all(
    images.map(async (image) => {
      const started = performance.now();
      try {
        const { rgb, plan } = image.dicom && image.size ? await decodeDicomForModel(image.dicom, image.size, input) : await decodeForModel(image.path, input);
        decodeMs += performance.now() - started;
        const problem = sizeMismatch(image, plan.srcW, plan.srcH);
        if (problem) outcomes.push({ imageId: image.imageId, error: problem });
        else decoded.push({ imageId: image.imageId, rgb, plan });
      } catch (error) {
        if (isRetryable(error)) outcomes.push({ imageId: image.imageId, retry: `${image.relPath}: ${retryReason(error)}` });
        else outcomes.push({ imageId: image.imageId, error: `cannot decode ${image.relPath}: ${(error as Error).message}` });
      }
    }),
  );
  // Batch order, whatever order the decodes finished in.
  const order = new Map(images.map((image, i) => [image.imageId, i]));
  decoded.sort((a, b) => order.get(a.imageId)! - order.get(b.imageId)!);
  return { decoded, outcomes, decodeMs };
}
