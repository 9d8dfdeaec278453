import type { ImageBrowseCursor, ImageBrowseOrder, ImageSplit, ImageSummary } from '../../../shared/contract/domain.js';
import { IMAGE_COLUMNS, toImageSummary, type ImageRow } from './images.js';
import type { Db } from './openProjectDb.js';

export interface ImageBrowseQuery {
  split?: ImageSplit | undefined;
  /** Part of the name people see (any case); empty or absent: every image. */
  nameContains?: string | undefined;
  order: ImageBrowseOrder;
  limit: number;
  /** Where the previous page ended; absent for the first page. */
  after?: ImageBrowseCursor | undefined;
}

/** The sort key of each order: an indexed expression (images_name, images_status, the primary key) with the id as tie-break. */
const KEYS: Record<ImageBrowseOrder, { key: string; desc: boolean }> = {
  oldest: { key: 'i.id', desc: false },
  newest: { key: 'i.id', desc: true },
  name: { key: 'coalesce(i.source_path, i.rel_path)', desc: false },
  status: { key: 'i.status', desc: false },
};

/** Below this many images holding a text, a search starts from the trigram index; above it, enough lie on any page's way. */
const RARE_TEXT_IMAGES = 5000;
/** The trigram index finds only texts of at least three characters. */
const TRIGRAM = 3;

/** FTS5's phrase syntax: the text in double quotes, its own quotes doubled, so no character is read as an operator. */
function phrase(text: string): string {
  return `"${text.replaceAll('"', '""')}"`;
}

/**
 * The ids of the images whose name holds the text when there are at most RARE_TEXT_IMAGES of
 * them, from one bounded read of the trigram index; null for a common or too short text. The
 * trigrams can match a little more than the text (case folding beyond ASCII): the caller's exact
 * test still applies.
 */
function rareTextIds(db: Db, text: string): number[] | null {
  if ([...text].length < TRIGRAM) return null;
  const ids = db.prepare('SELECT rowid FROM image_names WHERE image_names MATCH @text LIMIT @cap').pluck().all({ text: phrase(text), cap: RARE_TEXT_IMAGES + 1 }) as number[];
  return ids.length <= RARE_TEXT_IMAGES ? ids : null;
}

/**
 * A page of images in the order the Pool's sort names, optionally only those whose name contains
 * a text. Paging is by keyset (the last row's key and id), never OFFSET, and there is no count:
 * the answer says whether more follow by reading one row past the page. Ids follow import order,
 * so "oldest"/"newest" are the dates imported. A common text is found by reading rows in the
 * chosen order until the page is full; a rare one (few images, known from a bounded read of the
 * trigram index) from those few ids, sorted.
 */
export function browseImages(db: Db, query: ImageBrowseQuery): { items: ImageSummary[]; next: ImageBrowseCursor | null } {
  const { key, desc } = KEYS[query.order];
  const where: string[] = [];
  const params: Record<string, unknown> = { limit: query.limit + 1 };
  if (query.split) {
    where.push('i.split = @split');
    params.split = query.split;
  }
  const text = query.nameContains?.trim().toLowerCase() ?? '';
  if (text !== '') {
    const ids = rareTextIds(db, text);
    if (ids) {
      where.push('i.id IN (SELECT value FROM json_each(@ids))');
      params.ids = JSON.stringify(ids);
    }
    where.push('instr(lower(coalesce(i.source_path, i.rel_path)), @text) > 0');
    params.text = text;
  }
  if (query.after) {
    const cmp = desc ? '<' : '>';
    if (key === 'i.id') where.push(`i.id ${cmp} @afterId`);
    else {
      where.push(`(${key} ${cmp} @afterKey OR (${key} = @afterKey AND i.id ${cmp} @afterId))`);
      params.afterKey = query.after.key;
    }
    params.afterId = query.after.id;
  }
  const direction = desc ? 'DESC' : 'ASC';
  const order = key === 'i.id' ? `i.id ${direction}` : `${key} ${direction}, i.id ${direction}`;
  const rows = db
    .prepare(`SELECT ${IMAGE_COLUMNS}, ${key} AS sort_key FROM images i ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY ${order} LIMIT @limit`)
    .all(params) as Array<ImageRow & { sort_key: string | number }>;
  const more = rows.length > query.limit;
  const page = more ? rows.slice(0, query.limit) : rows;
  const last = page.at(-1);
  return { items: page.map(toImageSummary), next: more && last ? { key: String(last.sort_key), id: last.id } : null };
}
