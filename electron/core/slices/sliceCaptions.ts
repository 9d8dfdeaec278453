import { join } from 'node:path';
import { captionSummary, distinctiveCaptionWords, type CaptionWord } from '../../../shared/slices/captionWords.js';
import type { JobContext } from '../jobs/jobRunner.js';
import type { Db } from '../store/openProjectDb.js';
import { captionedImageIds, captionReader, captionWriter } from '../store/embeddings.js';
import { imageFileReader } from '../store/images.js';
import { fingerprintVisionModel, type VisionModelFolder } from '../vision-models/visionModelFolders.js';
import { decodeForVision, VisionModelSession } from '../vision-models/visionModelSession.js';

export interface SliceCaptionText {
  imageId: number;
  caption: string;
}

export interface CaptionedSlice {
  captions: SliceCaptionText[];
  words: CaptionWord[];
  summary: string | null;
}

export interface SliceCaptions {
  captioner: string;
  slices: CaptionedSlice[];
  /** Captions of images outside every slice, the words are contrasted with. */
  reference: number;
}

/** Images captioned per request: captioners generate token by token, so batches stay small. */
const CAPTION_BATCH = 4;
const MAX_NEW_TOKENS = 24;

/**
 * Captions every listed image that has no caption yet from this captioner (cached per image and
 * captioner fingerprint; an image that fails gets an error row and is left out).
 */
async function ensureCaptions(project: { dir: string; db: Db }, folder: VisionModelFolder, key: string, imageIds: readonly number[], userDataDir: string, ctx?: JobContext): Promise<void> {
  const { db } = project;
  const have = captionedImageIds(db, key);
  const missing = [...new Set(imageIds)].filter((id) => !have.has(id));
  if (missing.length === 0) return;
  const fileOf = imageFileReader(db);
  const insert = captionWriter(db);
  ctx?.progress(0, missing.length, `Loading the captioner models/${folder.name}`);
  const session = await VisionModelSession.open(project.dir, folder, { userDataDir });
  try {
    for (let start = 0; start < missing.length; start += CAPTION_BATCH) {
      ctx?.throwIfCancelled();
      const ids = missing.slice(start, start + CAPTION_BATCH);
      const decoded = await Promise.all(
        ids.map((id) => decodeForVision(join(project.dir, fileOf(id)!.relPath), id).catch((error: Error) => ({ key: id, error: `cannot decode: ${error.message}` }))),
      );
      const images = decoded.filter((d): d is Exclude<typeof d, { error: string }> => !('error' in d));
      const results = images.length ? await session.caption(images, MAX_NEW_TOKENS) : [];
      const now = new Date().toISOString();
      db.transaction(() => {
        for (const d of decoded) if ('error' in d) insert(key, d.key, null, d.error, now);
        for (const r of results) insert(key, r.key, 'text' in r ? r.text : null, 'error' in r ? r.error : null, now);
      })();
      ctx?.progress(Math.min(missing.length, start + ids.length), missing.length, `Captioning slice examples with models/${folder.name}`);
    }
  } finally {
    await session.close();
  }
}

/**
 * Describes each slice in words a captioner chose: captions of its examples, and the words that
 * set them apart from captions of images outside every slice.
 */
export async function captionSlices(
  project: { dir: string; db: Db },
  folder: VisionModelFolder,
  sliceImages: ReadonlyArray<readonly number[]>,
  reference: readonly number[],
  userDataDir: string,
  ctx?: JobContext,
): Promise<SliceCaptions> {
  const key = `captioner:${await fingerprintVisionModel(folder)}`;
  await ensureCaptions(project, folder, key, [...sliceImages.flat(), ...reference], userDataDir, ctx);
  const captionOf = captionReader(project.db);
  const texts = (ids: readonly number[]) => ids.flatMap((imageId) => {
    const caption = captionOf(key, imageId);
    return caption === undefined ? [] : [{ imageId, caption }];
  });
  const outside = texts(reference).map((c) => c.caption);
  return {
    captioner: folder.name,
    reference: outside.length,
    slices: sliceImages.map((ids) => {
      const captions = texts(ids);
      const words = distinctiveCaptionWords(captions.map((c) => c.caption), outside);
      return { captions, words, summary: captionSummary(words) };
    }),
  };
}
