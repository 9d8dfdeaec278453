import { useState } from 'react';
import type { SliceView } from '../../../../shared/contract/methods/sliceMethods.js';
import { FailureExample } from './FailureExample.js';
import { pValue, percent, points, times, withInterval } from './sliceText.js';

export interface FreshActions {
  retrieve(): void;
  /** Search fresh pool images by text (runs embedded by an encoder with a text model), else null. */
  search: ((query: string) => void) | null;
  generate(): void;
  busy: boolean;
  generatorAvailable: boolean;
  /** What generates: the built-in demo scenes or the user's generator service. */
  generatorLabel: string;
}

/** One slice: its test on held-out images, what it looks like, examples, and its fresh checks. */
export function SliceCard({ slice, modelId, selected, onSelect, fresh }: { slice: SliceView; modelId: number; selected: boolean; onSelect(): void; fresh: FreshActions }) {
  const { test } = slice;
  // The caption words are the slice in a captioner's words: the natural first text to search for.
  const [query, setQuery] = useState(() => slice.captionWords.map((w) => w.word).join(' '));
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
      {slice.captionSummary && (
        <p className="slice-caption-words" data-testid="slice-caption-words">
          {slice.captionSummary}
        </p>
      )}
      {slice.captions.length > 0 && (
        <details className="slice-captions">
          <summary>Captions of {slice.captions.length} examples</summary>
          <ul data-testid="slice-captions">
            {slice.captions.map((c) => (
              <li key={c.imageId}>“{c.caption}”</li>
            ))}
          </ul>
        </details>
      )}
      <div className="row slice-fresh-actions">
        <button type="button" onClick={fresh.retrieve} disabled={fresh.busy} data-testid="fetch-fresh" title="F">
          Fetch fresh pool images to rate
        </button>
        {fresh.search && (
          <form
            className="row slice-text-search"
            onSubmit={(e) => {
              e.preventDefault();
              const text = query.trim();
              if (text) fresh.search?.(text);
            }}
          >
            <input
              value={query}
              onChange={(e) => setQuery(e.target.value)}
              placeholder="e.g. a street at night"
              aria-label="Text to search fresh pool images for"
              maxLength={200}
              data-testid="fresh-query"
            />
            <button type="submit" disabled={fresh.busy || query.trim() === ''} data-testid="search-fresh">
              Search fresh images by text
            </button>
          </form>
        )}
        {fresh.generatorAvailable && (
          <button type="button" onClick={fresh.generate} disabled={fresh.busy} data-testid="generate-fresh" title="G">
            Generate fresh images ({fresh.generatorLabel})
          </button>
        )}
      </div>
      {slice.fresh.length > 0 && (
        <ul className="slice-fresh" data-testid="slice-fresh">
          {slice.fresh.map((f) => (
            <li key={f.id} className={f.test?.confirmed ? 'confirmed' : ''}>
              <span className="badge">{f.source === 'retrieval' ? `rating set ${f.setId ?? '—'}${f.query ? ' · text' : ''}` : 'generated'}</span> {f.summary}
            </li>
          ))}
        </ul>
      )}
    </article>
  );
}
