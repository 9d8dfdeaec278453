import { useState } from 'react';
import type { ImageBrowseOrder, ImageSplit } from '../../../../shared/contract/domain.js';
import { imageDisplayName, imageShortName } from '../../../../shared/images/displayName.js';
import { openInEditor } from '../../editor/deepLink.js';
import { Pager } from '../../widgets/Pager.js';
import { usePageKeys } from '../../hooks/usePageKeys.js';
import { useBrowsePage } from './useBrowsePage.js';
import { useThumbnailPage } from './useThumbnailPage.js';

const PAGE = 60;
const SPLITS: Array<{ value: ImageSplit | ''; label: string }> = [
  { value: '', label: 'All splits' },
  { value: 'pool', label: 'Pool' },
  { value: 'train', label: 'Train' },
  { value: 'test', label: 'Test' },
];
const ORDERS: Array<{ value: ImageBrowseOrder; label: string }> = [
  { value: 'oldest', label: 'Imported, oldest first' },
  { value: 'newest', label: 'Imported, newest first' },
  { value: 'name', label: 'Name' },
  { value: 'status', label: 'Status (failed first)' },
];

/**
 * The project images as a paged thumbnail grid, filtered by split, searched by name and sorted.
 * Import order without a search pages by number (its total is kept by the store); a search or
 * another sort pages forward and back by keyset, without a total. `version` changes reload it.
 */
export function ThumbnailGrid({ version }: { version: number }) {
  const [order, setOrder] = useState<ImageBrowseOrder>('oldest');
  const [search, setSearch] = useState('');
  const browsing = order !== 'oldest' || search.trim() !== '';
  const numbered = useThumbnailPage(version, PAGE, !browsing);
  const { split, setSplit } = numbered;
  const browsed = useBrowsePage(browsing ? { split, order, search } : null, version, PAGE);
  const view = browsing
    ? { loaded: browsed.loaded, items: browsed.items, thumbs: browsed.thumbs, page: browsed.page, pages: browsed.page + (browsed.hasNext ? 2 : 1), setPage: browsed.setPage }
    : { loaded: numbered.loaded, items: numbered.images.items, thumbs: numbered.thumbs, page: numbered.page, pages: numbered.pages, setPage: numbered.setPage };
  usePageKeys(view.page, view.pages, view.setPage);

  return (
    <section className="pool-grid-section" aria-label="Images">
      <div className="pool-toolbar">
        <h2>
          Images <span className="muted" data-testid="grid-total">{numbered.images.total}</span>
        </h2>
        <label>
          Split{' '}
          <select value={split} onChange={(e) => {
              setSplit(e.target.value as ImageSplit | '');
              // PgUp / PgDn page the grid again, instead of changing the choice.
              e.currentTarget.blur();
            }} data-testid="split-filter">
            {SPLITS.map((s) => (
              <option key={s.value} value={s.value}>
                {s.label}
              </option>
            ))}
          </select>
        </label>
        <label>
          Sort{' '}
          <select value={order} onChange={(e) => {
              setOrder(e.target.value as ImageBrowseOrder);
              e.currentTarget.blur();
            }} data-testid="grid-order">
            {ORDERS.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </select>
        </label>
        <input
          type="search"
          className="grid-search"
          placeholder="Search file names"
          aria-label="Search file names"
          value={search}
          onChange={(e) => setSearch(e.target.value)}
          data-testid="grid-search"
        />
      </div>
      {!view.loaded ? null : view.items.length === 0 ? (
        <p className="empty" data-testid="grid-empty">
          No images{search.trim() ? ` whose name contains “${search.trim()}”` : ''}
          {split ? ` in the ${split} split` : ''}.
        </p>
      ) : (
        <ul className="thumb-grid" data-testid="thumb-grid">
          {view.items.map((img) => {
            const thumb = view.thumbs.get(img.id);
            const parts = { imageId: img.id, ...img };
            const name = imageDisplayName(parts);
            return (
              <li key={img.id} className="thumb">
                <button
                  type="button"
                  className="thumb-open"
                  onClick={() => openInEditor(img.id)}
                  title={`${name}\n${img.width ?? '?'}×${img.height ?? '?'} · ${img.split}${img.hasLabel ? ' · labelled' : ''}\nClick to open it in the mask editor`}
                  data-testid={`thumb-${img.id}`}
                >
                  {thumb ? <img src={thumb.dataUrl} alt={name} loading="lazy" /> : <div className="thumb-missing">no preview</div>}
                  <span className="thumb-name">{imageShortName(parts)}</span>
                </button>
                <span className="thumb-badges">
                  {split === '' && <span className={`badge split-${img.split}`}>{img.split}</span>}
                  {img.status === 'failed' && <span className="badge failed">failed</span>}
                  {img.hasLabel && <span className="badge label">GT</span>}
                </span>
              </li>
            );
          })}
        </ul>
      )}
      {browsing ? (
        <KeysetPager page={browsed.page} hasNext={browsed.hasNext} setPage={browsed.setPage} />
      ) : (
        <Pager page={numbered.page} pages={numbered.pages} setPage={numbered.setPage} label="grid" hint="PgUp / PgDn" />
      )}
    </section>
  );
}

/** Previous / next through a sorted or searched grid, whose number of pages nobody counted. */
function KeysetPager({ page, hasNext, setPage }: { page: number; hasNext: boolean; setPage(page: number): void }) {
  if (page === 0 && !hasNext) return null;
  return (
    <div className="pager" aria-label="grid">
      <button type="button" disabled={page === 0} onClick={() => setPage(page - 1)}>
        ← Previous
      </button>
      <span data-testid="grid-page">
        Page {page + 1}
        {hasNext ? '' : ' (last)'}
      </span>
      <button type="button" disabled={!hasNext} onClick={() => setPage(page + 1)}>
        Next →
      </button>
      <span className="muted">PgUp / PgDn</span>
    </div>
  );
}
