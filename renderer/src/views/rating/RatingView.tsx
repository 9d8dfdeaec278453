import { useCallback, useEffect, useState } from 'react';
import type { ClassInfo, ModelSummary } from '../../../../shared/contract/domain.js';
import { errorMessage, useClient } from '../../clientContext.js';
import { useAppStore } from '../../stores/appStore.js';
import { RaterGate } from './RaterGate.js';
import { RatingQueue } from './RatingQueue.js';
import { RatingResults } from './RatingResults.js';
import { forgetRater, rememberRater, rememberedRater } from './raterName.js';

export function RatingView() {
  const client = useClient();
  const showError = useAppStore((s) => s.showError);
  const [rater, setRater] = useState<string | null>(rememberedRater);
  const [tab, setTab] = useState<'queue' | 'results'>('queue');
  const [classes, setClasses] = useState<ClassInfo[]>([]);
  const [models, setModels] = useState<ModelSummary[]>([]);
  const [setId, setSetId] = useState<number | null>(null);
  const [missing, setMissing] = useState<string | null>(null);
  const fail = useCallback((error: unknown) => showError(errorMessage(error)), [showError]);

  useEffect(() => {
    Promise.all([client.call('classes.list'), client.call('models.list')])
      .then(([c, m]) => {
        setClasses(c);
        setModels(m);
      })
      .catch(fail);
    client
      .call('rating.queue', {})
      .then((q) => setSetId(q.setId))
      .catch((error: unknown) => setMissing(errorMessage(error)));
  }, [client, fail]);

  if (missing) {
    return (
      <section>
        <h1>Rating</h1>
        <p className="empty" data-testid="rating-empty">
          {missing}
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
      </div>
      {tab === 'queue' ? (
        <RatingQueue
          rater={rater}
          classes={classes}
          models={models}
          onChangeRater={() => {
            forgetRater();
            setRater(null);
          }}
        />
      ) : (
        setId !== null && <RatingResults setId={setId} />
      )}
    </section>
  );
}
