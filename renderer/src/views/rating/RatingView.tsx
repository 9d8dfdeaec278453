import { useViewKeys } from '../../hooks/useViewKeys.js';
import { RATING_KEYS } from './ratingKeys.js';
import { RaterGate } from './RaterGate.js';
import { RatingQueue } from './RatingQueue.js';
import { RatingResults } from './RatingResults.js';
import { ratingSetOption } from './ratingSetChoice.js';
import { useRating } from './useRating.js';

export function RatingView() {
  useViewKeys(RATING_KEYS);
  const { rater, signedIn, chooseRater, changeRater, tab, setTab, classes, models, sets, current, chooseRatingSet } = useRating();
  const currentId = current?.setId ?? null;

  if (sets && sets.length === 0) {
    return (
      <section>
        <h1>Rating</h1>
        <p className="empty" data-testid="rating-empty">
          No candidate set has been sent to rating yet: mine the pool and send a set from the Mining view, or fetch fresh pool images for a failure slice.
        </p>
      </section>
    );
  }
  if (!rater) {
    return <RaterGate onChoose={chooseRater} />;
  }
  return (
    <section className="rating" data-testid="rating-view">
      <div className="row tabs">
        <h1>Rating</h1>
        <button type="button" className={tab === 'queue' ? 'active' : ''} onClick={() => setTab('queue')}>
          Queue
        </button>
        <button type="button" className={tab === 'results' ? 'active' : ''} onClick={() => setTab('results')} data-testid="rating-results-tab">
          Results &amp; counterexamples
        </button>
        <span className="spacer" />
        <label htmlFor="rating-set">Set</label>
        <select
          id="rating-set"
          value={currentId ?? ''}
          onChange={(e) => {
            chooseRatingSet(Number(e.target.value));
            // Back to the keys: the queue ignores them while the picker has the focus.
            e.currentTarget.blur();
          }}
          data-testid="rating-set"
        >
          {sets?.map((s) => (
            <option key={s.setId} value={s.setId}>
              {ratingSetOption(s)}
            </option>
          ))}
        </select>
      </div>
      {current?.kind === 'slice' && (
        <p className="muted" data-testid="rating-slice-note">
          A slice check: fresh pool images near a failure slice and as many controls, in random order. Rate them like any other; the Slices view tests the slice as
          ratings come in.
        </p>
      )}
      {current &&
        (tab === 'queue' ? (
          <RatingQueue
            key={current.setId}
            setId={current.setId}
            rater={rater}
            signedIn={signedIn}
            classes={classes}
            models={models}
            onChangeRater={changeRater}
          />
        ) : (
          <RatingResults key={current.setId} setId={current.setId} roundSet={current.kind === 'round'} />
        ))}
    </section>
  );
}
