import type { AnnotationQueueFilter, AnnotationVersion, ImageSplit, Person } from '../../../../shared/contract/domain.js';
import { imageDisplayName } from '../../../../shared/images/displayName.js';
import { openInEditor } from '../../editor/deepLink.js';
import { useImageQueue } from './useImageQueue.js';
import { TableHead } from '../../widgets/TableHead.js';
import { QUEUE_PAGE } from './queueFilters.js';

const FILTERS: Array<[AnnotationQueueFilter, string]> = [
  ['all', 'All images'],
  ['unlabelled', 'Not labelled yet'],
  ['drafts', 'My drafts'],
  ['submitted', 'Awaiting review'],
  ['returned', 'Returned for fixes'],
  ['accepted', 'Accepted'],
];

function describe(version: AnnotationVersion | null): string {
  return version ? `v${version.version} ${version.status} · ${version.authorName}` : '—';
}

/** Images to label, a page at a time; opens one for labelling or for review. */
/** ONFORGET null: a lab member signed in as themselves, who cannot label as anyone else. */
export function ImageQueue({ person, onForget }: { person: Person; onForget: (() => void) | null }) {
  const { thumbs, filter, setFilter, split, setSplit, testSetId, setTestSetId, page, setPage, pages, sets, list } = useImageQueue(person, QUEUE_PAGE);

  return (
    <section className="image-queue" data-testid="image-queue">
      <div className="row queue-head">
        <h1>Mask editor</h1>
        <span className="spacer" />
        <span className="muted">
          Labelling as <strong data-testid="annotator-name">{person.name}</strong>
        </span>
        {onForget && (
          <button type="button" className="link" onClick={onForget}>
            not you?
          </button>
        )}
      </div>
      <div className="row queue-filters">
        <select aria-label="Which images" value={filter} onChange={(e) => setFilter(e.target.value as AnnotationQueueFilter)}>
          {FILTERS.map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </select>
        <select aria-label="Set to label" value={testSetId} onChange={(e) => setTestSetId(e.target.value ? Number(e.target.value) : '')} data-testid="label-set">
          <option value="">Any set</option>
          {sets.map((s) => (
            <option key={s.id} value={s.id}>
              {s.name} · {s.kind === 'counterexamples' ? 'counterexamples' : s.kind === 'unbiased' ? 'unbiased test set' : 'your test set'} · {s.labelled}/{s.images} labelled
            </option>
          ))}
        </select>
        <select aria-label="Split" value={split} onChange={(e) => setSplit(e.target.value as ImageSplit | '')}>
          <option value="">Every split</option>
          <option value="pool">Pool</option>
          <option value="train">Train</option>
          <option value="test">Test</option>
        </select>
      </div>
      {list && list.items.length === 0 ? (
        <p className="empty" data-testid="queue-empty">
          No images here. Import images into the project, or choose another filter.
        </p>
      ) : (
        <table className="grid-table">
          <TableHead columns={['#', '', 'File', 'Size', 'Split', 'Newest version', 'My draft', '']} />
          <tbody>
            {list?.items.map(({ image, latest, draft }) => {
              const reviewable = latest?.status === 'submitted' && latest.authorId !== person.id;
              const name = imageDisplayName({ imageId: image.id, ...image });
              return (
                <tr key={image.id} data-testid={`queue-row-${image.id}`}>
                  <td>{image.id}</td>
                  <td>{thumbs.has(image.id) ? <img className="mini" src={thumbs.get(image.id)} alt="" /> : null}</td>
                  <td title={name}>{name}</td>
                  <td>{image.width && image.height ? `${image.width}×${image.height}` : '—'}</td>
                  <td>{image.split}</td>
                  <td data-testid={`queue-status-${image.id}`}>{describe(latest)}</td>
                  <td>{draft ? `saved ${new Date(draft.createdAt).toLocaleTimeString()}` : ''}</td>
                  <td>
                    {/* The flex row sits inside the cell: a flex cell leaves the table's layout, and its rule drifts from the row's. */}
                    <div className="row">
                      <button type="button" onClick={() => openInEditor(image.id)} data-testid={`label-${image.id}`}>
                        {draft ? 'Continue' : latest?.status === 'returned' ? 'Fix' : 'Label'}
                      </button>
                      <button
                        type="button"
                        disabled={!reviewable}
                        title={reviewable ? 'Review this version' : 'Only a submitted version by someone else can be reviewed'}
                        onClick={() => openInEditor(image.id, 'review')}
                        data-testid={`review-${image.id}`}
                      >
                        Review
                      </button>
                    </div>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      <div className="pager">
        <button type="button" disabled={page === 0} onClick={() => setPage(page - 1)}>
          ← Previous
        </button>
        <span>
          Page {page + 1} of {pages}
        </span>
        <button type="button" disabled={page + 1 >= pages} onClick={() => setPage(page + 1)}>
          Next →
        </button>
      </div>
    </section>
  );
}
