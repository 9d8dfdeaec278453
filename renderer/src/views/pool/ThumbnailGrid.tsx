import type { ImageSplit } from '../../../../shared/contract/domain.js';
import { imageDisplayName, imageShortName } from '../../../../shared/images/displayName.js';
import { openInEditor } from '../../editor/deepLink.js';
import { Pager } from '../../widgets/Pager.js';
import { usePageKeys } from '../../hooks/usePageKeys.js';
import { useThumbnailPage } from './useThumbnailPage.js';

const PAGE = 60;
const SPLITS: Array<{ value: ImageSplit | ''; label: string }> = [
  { value: '', label: 'All splits' },
  { value: 'pool', label: 'Pool' },
  { value: 'train', label: 'Train' },
  { value: 'test', label: 'Test' },
];

/** The project images as a paged thumbnail grid, filtered by split. `version` changes reload it. */
export function ThumbnailGrid({ version }: { version: number }) {
  const { loaded, split, setSplit, page, setPage, pages, images, thumbs } = useThumbnailPage(version, PAGE);
  usePageKeys(page, pages, setPage);

  return (
    <section className="pool-grid-section" aria-label="Images">
      <div className="pool-toolbar">
        <h2>
          Images <span className="muted" data-testid="grid-total">{images.total}</span>
        </h2>
        <label>
          Split{' '}
          <select
            value={split}
            onChange={(e) => setSplit(e.target.value as ImageSplit | '')}
            data-testid="split-filter"
          >
            {SPLITS.map((s) => (
              <option key={s.value} value={s.value}>
                {s.label}
              </option>
            ))}
          </select>
        </label>
      </div>
      {!loaded ? null : images.items.length === 0 ? (
        <p className="empty">No images{split ? ` in the ${split} split` : ''}.</p>
      ) : (
        <ul className="thumb-grid" data-testid="thumb-grid">
          {images.items.map((img) => {
            const thumb = thumbs.get(img.id);
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
                  {img.hasLabel && <span className="badge label">GT</span>}
                </span>
              </li>
            );
          })}
        </ul>
      )}
      <Pager page={page} pages={pages} setPage={setPage} label="grid" hint="PgUp / PgDn" />
    </section>
  );
}
