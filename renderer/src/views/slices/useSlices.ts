import { useCallback, useRef, useState } from 'react';
import { errorMessage, useClient } from '../../hooks/clientContext.js';
import { useJob, type JobProgress } from '../../hooks/useJob.js';
import { useMethod } from '../../hooks/useLoad.js';
import { useAppStore } from '../../stores/appStore.js';
import { useShowError } from '../../hooks/useShowError.js';

export type Population = 'auto' | 'labelled' | 'pool';

const FRESH_COUNT = 40;
/** The generator service's address is the user's, not the project's: remembered per browser. */
const GENERATOR_URL_KEY = 'faultline.generatorUrl';

/**
 * The slice report of the chosen model (the target until another is chosen), the settings of the
 * next run, and the jobs that find slices and fetch fresh images for one; fresh pool images open
 * in the Rating view once fetched.
 */
export function useSlices() {
  const client = useClient();
  const showError = useShowError();
  const openRatingSet = useAppStore((s) => s.openRatingSet);
  const fail = useCallback((error: unknown) => showError(errorMessage(error)), [showError]);
  const models = useMethod('models.list', {}).data;
  const visionModels = useMethod('slices.visionModels', {}).data ?? [];
  const [chosenModel, setChosenModel] = useState<number | null>(null);
  const modelId = chosenModel ?? (models ? ((models.find((m) => m.isTarget) ?? models[0])?.id ?? null) : null);
  const [population, setPopulation] = useState<Population>('auto');
  const [threshold, setThreshold] = useState('');
  const [embedding, setEmbedding] = useState('auto');
  const [captioner, setCaptioner] = useState('auto');
  const [generatorUrl, setGeneratorUrlState] = useState(() => localStorage.getItem(GENERATOR_URL_KEY) ?? '');
  const [selected, setSelected] = useState(0);
  const slices = useMethod('slices.get', models === undefined ? null : modelId === null ? {} : { modelId });
  const report = slices.data ?? null;
  const { reload } = slices;

  /** The slice whose fresh pool images are being fetched: the Rating view opens on their set. */
  const retrieving = useRef<{ runId: number; sliceIndex: number } | null>(null);
  const openFreshSet = useCallback(
    (request: { runId: number; sliceIndex: number }) =>
      client
        .call('rating.sets', {})
        .then((sets) => {
          const fresh = sets.find((s) => s.slice?.runId === request.runId && s.slice.sliceIndex === request.sliceIndex);
          if (fresh) openRatingSet(fresh.setId);
        })
        .catch(fail),
    [client, fail, openRatingSet],
  );
  const job = useJob(
    useCallback(
      (ended: JobProgress) => {
        void reload();
        const request = retrieving.current;
        retrieving.current = null;
        if (request && ended.state === 'done') void openFreshSet(request);
      },
      [reload, openFreshSet],
    ),
  );

  const pickModel = (id: number) => {
    setChosenModel(id);
    setSelected(0);
  };
  const setGeneratorUrl = (url: string) => {
    setGeneratorUrlState(url);
    localStorage.setItem(GENERATOR_URL_KEY, url);
  };

  const run = useCallback(() => {
    if (job.running) return;
    const tau = threshold.trim() === '' ? null : Number(threshold);
    if (tau !== null && !(tau >= 0 && tau <= 1)) {
      showError('τ must be a number from 0 to 1, or empty for the default failure share.');
      return;
    }
    const params = {
      population,
      embedding,
      captioner,
      ...(tau === null ? {} : population === 'pool' ? { discrepancyAbove: tau } : { miouBelow: tau }),
    };
    job.start(client.call('slices.run', { ...(modelId === null ? {} : { modelId }), params }))
      .catch(fail);
  }, [captioner, client, embedding, fail, job, modelId, population, showError, threshold]);

  const fetchFresh = useCallback(
    (source: 'retrieval' | 'generator', sliceIndex: number, query?: string) => {
      if (!report || job.running) return;
      retrieving.current = source === 'retrieval' ? { runId: report.runId, sliceIndex } : null;
      job.start(client.call('slices.fetchFresh', {
          runId: report.runId,
          sliceIndex,
          source,
          count: FRESH_COUNT,
          ...(query ? { query } : {}),
          ...(source === 'generator' && generatorUrl.trim() ? { generatorUrl: generatorUrl.trim() } : {}),
        }))
        .catch((error: unknown) => {
          retrieving.current = null;
          fail(error);
        });
    },
    [client, fail, generatorUrl, job, report],
  );
  const canGenerate = (report?.generatorAvailable ?? false) || generatorUrl.trim() !== '';

  return {
    models: models ?? [],
    visionModels,
    modelId,
    pickModel,
    form: { population, setPopulation, threshold, setThreshold, embedding, setEmbedding, captioner, setCaptioner, generatorUrl, setGeneratorUrl },
    report,
    loaded: slices.data !== undefined,
    selected,
    setSelected,
    job,
    run,
    fetchFresh,
    canGenerate,
  };
}
