import { useCallback, useEffect, useMemo, useState } from 'react';
import type { ClassInfo, ModelSummary } from '../../../../shared/contract/domain.js';
import type { CandidateSetSummary, PairHistogram } from '../../../../shared/contract/methods/miningMethods.js';
import { errorMessage, useClient } from '../../hooks/clientContext.js';
import { useJob } from '../../hooks/useJob.js';
import { useLoad, useMethod } from '../../hooks/useLoad.js';
import { useSelection } from '../../hooks/useSelection.js';
import { useAppStore } from '../../stores/appStore.js';
import { initialMiningForm, paramsOf, type MiningFormState } from './miningForm.js';
import { useMiningForms } from './miningFormStore.js';
import { useShowError } from '../../hooks/useShowError.js';

export const PAGE = 60;

const NO_MODELS: ModelSummary[] = [];
const NO_CLASSES: ClassInfo[] = [];
const NO_SETS: CandidateSetSummary[] = [];
const NO_HISTOGRAMS: PairHistogram[] = [];

/**
 * The Mining view's data: models, classes and the form (seeded with the core's default pair), the
 * candidate sets (the newest shown after a run), a page of the shown set's candidates with the
 * selected one, the pair histograms of the set, and the mining job.
 */
export function useMining() {
  const client = useClient();
  const showError = useShowError();
  const fail = useCallback((error: unknown) => showError(errorMessage(error)), [showError]);
  const dir = useAppStore((s) => s.project?.dir ?? '');
  const [form, setForm] = useState<MiningFormState>(() => useMiningForms.getState().forms[dir] ?? initialMiningForm);
  useEffect(() => useMiningForms.getState().keep(dir, form), [dir, form]);
  const [setId, setSetId] = useState<number | null>(null);
  const [page, setPage] = useState(0);

  const basics = useLoad(
    useCallback(
      () =>
        Promise.all([client.call('models.list'), client.call('classes.list'), client.call('mining.defaults')]).then(([models, classes, defaults]) => {
          // A form kept from an earlier visit keeps its pair, less any model removed since.
          const known = new Set(models.map((m) => m.id));
          setForm((f) =>
            f === initialMiningForm || f.targetId === null || !known.has(f.targetId)
              ? { ...f, targetId: defaults.targetId, competitorIds: defaults.competitorIds }
              : { ...f, competitorIds: f.competitorIds.filter((id) => known.has(id)) },
          );
          return { models, classes };
        }),
      [client],
    ),
  ).data;

  // Asked again with `newest` true after a run: the set it made is shown.
  const sets = useLoad(
    useCallback(
      (newest?: boolean) =>
        client.call('mining.sets').then((list) => {
          if (list.length > 0) {
            setSetId((current) => {
              if (!newest && current !== null) return current;
              setPage(0);
              return list[0]!.id;
            });
          }
          return list;
        }),
      [client],
    ),
  );
  const loadSets = sets.reload;

  const job = useJob(
    useCallback(
      (end) => {
        if (end.state === 'done') void loadSets(true);
      },
      [loadSets],
    ),
  );

  const candidates = useMethod('mining.candidates', setId === null ? null : { setId, offset: page * PAGE, limit: PAGE }).data ?? null;
  const [selected, setSelected] = useSelection(candidates ? `${setId}:${page}` : null);

  const allSets = sets.data ?? NO_SETS;
  const currentSet = allSets.find((s) => s.id === setId) ?? null;
  // Asked again whenever the sets are read again: a run may have changed the pair's discrepancies.
  const histograms = useLoad(
    useMemo(() => {
      if (!currentSet?.targetId || currentSet.competitorIds.length === 0) return null;
      const pair = { targetId: currentSet.targetId, competitorIds: currentSet.competitorIds };
      return () => client.call('mining.histogram', pair);
    }, [client, currentSet]),
  ).data;

  const run = useCallback(() => {
    if (job.running) return;
    job.start(client.call('mining.run', {
        ...(form.targetId !== null ? { targetId: form.targetId } : {}),
        competitorIds: form.competitorIds,
        params: paramsOf(form),
      }))
      .catch(fail);
  }, [client, form, job, fail]);

  const sendToRating = useCallback(() => {
    if (setId === null) return;
    client
      .call('mining.sendToRating', { setId })
      .then(() => loadSets(false))
      .catch(fail);
  }, [client, setId, loadSets, fail]);

  const pickSet = useCallback((id: number) => {
    setSetId(id);
    setPage(0);
  }, []);

  const pages = useMemo(() => Math.max(1, Math.ceil((candidates?.total ?? 0) / PAGE)), [candidates]);

  return {
    /** Whether the models and the sets have been read: until then the view claims neither that they are missing nor anything else. */
    loaded: basics !== undefined && sets.data !== undefined,
    models: basics?.models ?? NO_MODELS,
    classes: basics?.classes ?? NO_CLASSES,
    form,
    setForm,
    sets: allSets,
    setId,
    pickSet,
    currentSet,
    page,
    setPage,
    pages,
    candidates,
    selected,
    setSelected,
    histograms: histograms ?? NO_HISTOGRAMS,
    job,
    run,
    sendToRating,
  };
}
