import type { RatingSummary } from '../../../../shared/contract/methods/ratingMethods.js';
import { imageDisplayName } from '../../../../shared/images/displayName.js';
import { MIN_AGREEMENT_IMAGES, MIN_RATED_SHARE, agreementTrustworthy } from '../../../../shared/rating/ratingSafeguards.js';
import { GOOD_PREDICTION_MOS } from '../../../../shared/rating/selectCounterexamples.js';
import { useClient } from '../../hooks/clientContext.js';
import { TableHead } from '../../widgets/TableHead.js';
import { useRatingResults } from './useRatingResults.js';

/**
 * MOS per image worst first with the spread between raters. On the round's rating set the user
 * confirms S and sends it to labelling; a slice check's MOS test the slice instead.
 */
export function RatingResults({ setId, roundSet }: { setId: number; roundSet: boolean }) {
  const client = useClient();
  const { n4, setN4, includeRatedGood, setIncludeRatedGood, summary, confirmed, confirm } = useRatingResults(setId);

  if (!summary) return null;
  const selected = summary.items.filter((i) => i.selected).length;
  const ratedGood = summary.items.filter((i) => i.ratedGood).length;
  const { coverage } = summary;
  const fewRated = roundSet && coverage.missing > 0;
  return (
    <section className="rating-results" data-testid="rating-results">
      <div className="row">
        {roundSet && (
          <>
            <label htmlFor="n4">Counterexamples to keep (n4)</label>
            <input id="n4" type="number" min={1} value={n4} onChange={(e) => setN4(Math.max(1, Number(e.target.value) || 1))} style={{ maxWidth: 90 }} />
          </>
        )}
        <span data-testid="agreement">{agreementText(summary)}</span>
        <span className="spacer" />
        {roundSet ? (
          <button type="button" className="primary" onClick={confirm} disabled={selected === 0} data-testid="confirm-s">
            Confirm S ({selected}){fewRated ? ' anyway' : ''} and send to labelling
          </button>
        ) : (
          <span className="muted" data-testid="confirm-s-note">
            A slice check gives no counterexamples: S is confirmed on the round’s rating set. Its ratings test the slice in the Slices view.
          </span>
        )}
      </div>
      {fewRated && (
        <p className="badge warn" data-testid="coverage-warning">
          Only {coverage.rated} of {coverage.candidates} candidates are rated ({Math.round((100 * coverage.rated) / Math.max(1, coverage.candidates))}%): S
          would come from the few rated so far. Rate {coverage.missing} more (half of the set, {Math.round(MIN_RATED_SHARE * 100)}%) before confirming.
        </p>
      )}
      {roundSet && (ratedGood > 0 || includeRatedGood) && (
        <label className="check" data-testid="rated-good">
          <input type="checkbox" checked={includeRatedGood} onChange={(e) => setIncludeRatedGood(e.target.checked)} style={{ flex: 'none' }} />
          {includeRatedGood
            ? `Images rated good (MOS ${GOOD_PREDICTION_MOS} or more) may enter S: you insisted.`
            : `${ratedGood} image${ratedGood === 1 ? ' is' : 's are'} rated good (MOS ${GOOD_PREDICTION_MOS} or more) and left out of S: the prediction was fine there. Include them anyway`}
        </label>
      )}
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
              {roundSet && <td>{i.selected ? '✓' : i.ratedGood && !includeRatedGood ? <span className="muted">rated good</span> : ''}</td>}
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/** α with what it rests on: a figure from a handful of overlapping images is shown with its caveat. */
function agreementText(summary: RatingSummary): string {
  const label = 'Agreement (Krippendorff’s α, ordinal):';
  if (summary.agreement === null) return `${label} not enough overlap yet (${summary.agreementImages} images rated by two or more raters)`;
  const on = `${summary.agreement.toFixed(2)} on ${summary.agreementImages} image${summary.agreementImages === 1 ? '' : 's'} rated by two or more raters`;
  return agreementTrustworthy(summary.agreementImages) ? `${label} ${on}` : `${label} ${on}; too few to trust (fewer than ${MIN_AGREEMENT_IMAGES})`;
}
