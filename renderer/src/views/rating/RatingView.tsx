import { useCallback, useEffect, useState } from 'react';
import type { ClassInfo, ModelSummary } from '../../../../shared/contract/domain.js';
import type { RatingSetInfo } from '../../../../shared/contract/methods/ratingMethods.js';
import { errorMessage, useClient } from '../../hooks/clientContext.js';
import { useViewKeys } from '../../hooks/useViewKeys.js';
import { useAppStore } from '../../stores/appStore.js';
import { RATING_KEYS } from './ratingKeys.js';
import { RaterGate } from './RaterGate.js';
import { RatingQueue } from './RatingQueue.js';
import { RatingResults } from './RatingResults.js';
import { forgetRater, rememberRater, rememberedRater } from './raterName.js';
import { pickRatingSet, ratingSetOption } from './ratingSetChoice.js';

export function RatingView() {
  useViewKeys(RATING_KEYS);
  const client = useClient();
  const showError = useAppStore((s) => s.showError);
  const wanted = useAppStore((s) => s.ratingSetId);
  const chooseRatingSet = useAppStore((s) => s.chooseRatingSet);
  const [rater, setRater] = useState<string | null>(rememberedRater);
  const [tab, setTab] = useState<'queue' | 'results'>('queue');
  const [classes, setClasses] = useState<ClassInfo[]>([]);
  const [models, setModels] = useState<ModelSummary[]>([]);
  const [sets, setSets] = useState<RatingSetInfo[] | null>(null);
  const fail = useCallback((error: unknown) => showError(errorMessage(error)), [showError]);
  const current = sets ? pickRatingSet(sets, wanted) : null;
  const currentId = current?.setId ?? null;

  useEffect(() => {
    Promise.all([client.call('classes.list'), client.call('models.list')])
      .then(([c, m]) => {
        setClasses(c);
        setModels(m);
      })
      .catch(fail);
  }, [client, fail]);

  // The rated counts in the picker are refreshed whenever the rater looks at another set or tab.
  useEffect(() => {
    client
      .call('rating.sets', rater ? { rater } : {})
      .then(setSets)
      .catch(fail);
  }, [client, rater, wanted, tab, fail]);

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
    return (
      <RaterGate
        onChoose={(name) => {
          rememberRater(name);
          setRater(name);
        }}
      />
    );
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
            classes={classes}
            models={models}
            onChangeRater={() => {
              forgetRater();
              setRater(null);
            }}
          />
        ) : (
          <RatingResults key={current.setId} setId={current.setId} roundSet={current.kind === 'round'} />
        ))}
    </section>
  );
}
