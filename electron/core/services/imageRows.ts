import type { ImageSplit, ImageSummary } from '../../../shared/contract/domain.js';

/** An images row as the views list it, with whether the image has imported ground truth. */
export interface ImageRow {
  id: number;
  rel_path: string;
  content_hash: string;
  width: number | null;
  height: number | null;
  split: ImageSplit;
  status: 'ok' | 'failed';
  error: string | null;
  has_label: number;
}

export const IMAGE_COLUMNS = `i.id, i.rel_path, i.content_hash, i.width, i.height, i.split, i.status, i.error,
  EXISTS (SELECT 1 FROM ground_truth g WHERE g.image_id = i.id) AS has_label`;

export function toImageSummary(r: ImageRow): ImageSummary {
  return {
    id: r.id,
    relPath: r.rel_path,
    contentHash: r.content_hash,
    width: r.width,
    height: r.height,
    split: r.split,
    status: r.status,
    error: r.error,
    hasLabel: r.has_label === 1,
  };
}
