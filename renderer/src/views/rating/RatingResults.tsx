import { imageDisplayName } from '../../../../shared/images/displayName.js';
import { useClient } from '../../hooks/clientContext.js';
import { TableHead } from '../../widgets/TableHead.js';
import { useRatingResults } from './useRatingResults.js';

/**
 * MOS per image worst first with the spread between raters. On the round's rating set the user
 * confirms S and sends it to labelling; a slice check's MOS test the slice instead.
 */
export function RatingResults({ setId, roundSet }: { setId: number; roundSet: boolean }) {
  const client = useClient();
  const { n4, setN4, summary, confirmed, confirm } = useRatingResults(setId);

  if (!summary) return null;
  const selected = summary.items.filter((i) => i.selected).length;
  return (
    <section className="rating-results" data-testid="rating-results">
      <div className="row">
        {roundSet && (
          <>
            <label htmlFor="n4">Counterexamples to keep (n4)</label>
            <input id="n4" type="number" min={1} value={n4} onChange={(e) => setN4(Math.max(1, Number(e.target.value) || 1))} style={{ maxWidth: 90 }} />
          </>
        )}
        <span data-testid="agreement">
          Agreement (Krippendorff’s α, ordinal): {summary.agreement === null ? 'not enough overlap yet' : summary.agreement.toFixed(2)}
        </span>
        <span className="spacer" />
        {roundSet ? (
          <button type="button" className="primary" onClick={confirm} disabled={selected === 0} data-testid="confirm-s">
            Confirm S ({selected}) and send to labelling
          </button>
        ) : (
          <span className="muted" data-testid="confirm-s-note">
            A slice check gives no counterexamples: S is confirmed on the round’s rating set. Its ratings test the slice in the Slices view.
          </span>
        )}
      </div>
      {confirmed && (
        <p className="badge" data-testid="confirmed">
          {confirmed}
        </p>
      )}
      <table className="grid-table" data-testid="mos-table">
        <TableHead columns={['Image', 'MOS', 'Raters', 'Spread (σ, min–max)', roundSet && 'In S']} />
        <tbody>
          {summary.items.map((i) => (
            <tr key={i.imageId} className={roundSet && i.selected ? 'selected-row' : ''}>
              <td title={imageDisplayName(i)}>
                <img src={client.transport.fileUrl(i.relPath)} alt="" className="mini pixelated" /> {imageDisplayName(i)}
              </td>
              <td>{i.outOfDomain ? 'out of domain' : i.mos === null ? '—' : i.mos.toFixed(2)}</td>
              <td>{i.ratings}</td>
              <td>{i.std === null ? '—' : `${i.std.toFixed(2)} (${i.min}–${i.max})`}</td>
              {roundSet && <td>{i.selected ? '✓' : ''}</td>}
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
