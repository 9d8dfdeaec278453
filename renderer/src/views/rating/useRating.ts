import { useCallback, useMemo, useState } from 'react';
import type { ClassInfo, ModelSummary } from '../../../../shared/contract/domain.js';
import { useClient } from '../../hooks/clientContext.js';
import { useLoad } from '../../hooks/useLoad.js';
import { useAppStore } from '../../stores/appStore.js';
import { forgetRater, rememberRater, rememberedRater } from './raterName.js';
import { pickRatingSet } from './ratingSetChoice.js';

export type RatingTab = 'queue' | 'results';

const NO_CLASSES: ClassInfo[] = [];
const NO_MODELS: ModelSummary[] = [];

/**
 * The Rating view's data: the rater (remembered in this browser), the tab, the project's classes
 * and models, and the sets sent to rating with the one shown (the one asked for, else the default).
 */
export function useRating() {
  const client = useClient();
  const wanted = useAppStore((s) => s.ratingSetId);
  const chooseRatingSet = useAppStore((s) => s.chooseRatingSet);
  const caller = useAppStore((s) => s.caller);
  const [typedRater, setRater] = useState<string | null>(rememberedRater);
  // A lab member rates as themselves: the server takes the name from their sign-in whatever is typed.
  const signedInAs = caller?.kind === 'person' ? caller.person.name : null;
  const rater = signedInAs ?? typedRater;
  const [tab, setTab] = useState<RatingTab>('queue');

  const basics = useLoad(useCallback(() => Promise.all([client.call('classes.list'), client.call('models.list')]), [client])).data;

  // The rated counts in the picker are refreshed whenever the rater looks at another set or tab.
  const sets =
    useLoad(
      useMemo(() => {
        const input = rater ? { rater } : {};
        return () => client.call('rating.sets', input);
      }, [client, rater, wanted, tab]),
    ).data ?? null;
  const current = sets ? pickRatingSet(sets, wanted) : null;

  const chooseRater = useCallback((name: string) => {
    rememberRater(name);
    setRater(name);
  }, []);
  const changeRater = useCallback(() => {
    forgetRater();
    setRater(null);
  }, []);

  return {
    rater,
    signedIn: signedInAs !== null,
    chooseRater,
    changeRater,
    tab,
    setTab,
    classes: basics?.[0] ?? NO_CLASSES,
    models: basics?.[1] ?? NO_MODELS,
    sets,
    current,
    chooseRatingSet,
  };
}
