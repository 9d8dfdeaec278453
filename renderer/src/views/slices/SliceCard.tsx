import type { SliceView } from '../../../../shared/contract/methods/sliceMethods.js';
import { FailureExample } from './FailureExample.js';
import { pValue, percent, points, times, withInterval } from './sliceText.js';

export interface FreshActions {
  retrieve(): void;
  generate(): void;
  busy: boolean;
  generatorAvailable: boolean;
}

/** One slice: its test on held-out images, what it looks like, examples, and its fresh checks. */
export function SliceCard({ slice, modelId, selected, onSelect, fresh }: { slice: SliceView; modelId: number; selected: boolean; onSelect(): void; fresh: FreshActions }) {
  const { test } = slice;
  return (
    <article
      className={`slice-card${selected ? ' selected' : ''}${test.confirmed ? ' confirmed' : ''}`}
      data-testid={`slice-${slice.index}`}
      data-confirmed={test.confirmed}
      onClick={onSelect}
    >
      <header className="row">
        <h3>Slice {slice.index + 1}</h3>
        <span className={`badge${test.confirmed ? ' confirmed' : ''}`}>{test.confirmed ? 'confirmed' : 'not confirmed'}</span>
        <span className="spacer" />
        <span className="muted">{slice.members} images · discovery {slice.discovery.failures}/{slice.discovery.images} failed</span>
      </header>
      <p className="slice-description" data-testid="slice-description">
        {slice.description}
      </p>
      <table className="grid-table slice-stats">
        <tbody>
          <tr>
            <th>Held-out failure rate in the slice</th>
            <td>
              {test.inside.failures}/{test.inside.images} · {withInterval(test.inside.rate, percent)}
            </td>
            <th>Outside</th>
            <td>
              {test.outside.failures}/{test.outside.images} · {withInterval(test.outside.rate, percent)}
            </td>
          </tr>
          <tr>
            <th>Lift (ratio, Katz)</th>
            <td data-testid="slice-ratio">{withInterval(test.ratio, times)}</td>
            <th>Difference (Newcombe)</th>
            <td>{withInterval(test.difference, points)}</td>
          </tr>
          <tr>
            <th>Fisher one-sided p</th>
            <td>{pValue(test.pValue)}</td>
            <th>BH q</th>
            <td>{pValue(test.qValue)}</td>
          </tr>
        </tbody>
      </table>
      {!test.confirmed && <p className="muted">Not confirmed: {test.reasons.join('; ')}.</p>}
      <div className="slice-examples">
        {slice.examples.map((e) => (
          <FailureExample key={e.imageId} example={e} modelId={modelId} />
        ))}
      </div>
      <div className="row slice-fresh-actions">
        <button type="button" onClick={fresh.retrieve} disabled={fresh.busy} data-testid="fetch-fresh" title="F">
          Fetch fresh pool images into the rating queue
        </button>
        {fresh.generatorAvailable && (
          <button type="button" onClick={fresh.generate} disabled={fresh.busy} data-testid="generate-fresh" title="G">
            Generate fresh images (demo scenes)
          </button>
        )}
      </div>
      {slice.fresh.length > 0 && (
        <ul className="slice-fresh" data-testid="slice-fresh">
          {slice.fresh.map((f) => (
            <li key={f.id} className={f.test?.confirmed ? 'confirmed' : ''}>
              <span className="badge">{f.source === 'retrieval' ? `rating set ${f.setId ?? '—'}` : 'generated'}</span> {f.summary}
            </li>
          ))}
        </ul>
      )}
    </article>
  );
}
