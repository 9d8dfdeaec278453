import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { ClassInfo, ImageThumbnail, ModelSummary } from '../../../../shared/contract/domain.js';
import type { CommonIssue, QualityImage, QualityRun, QualitySet } from '../../../../shared/contract/methods/qualityMethods.js';
import { errorMessage, useClient } from '../../hooks/clientContext.js';
import { useJob } from '../../hooks/useJob.js';
import { useLoad } from '../../hooks/useLoad.js';
import type { QualityForm } from './QualityRunForm.js';
import { useQualityStore, type RescoreTarget } from './qualityStore.js';
import { useShowError } from '../../hooks/useShowError.js';

export const PAGE = 40;

const NO_SETS: QualitySet[] = [];
const NO_MODELS: ModelSummary[] = [];
const NO_CLASSES: ClassInfo[] = [];
const NO_RUNS: QualityRun[] = [];
const NO_ISSUES: CommonIssue[] = [];
const NO_PAGE: { total: number; items: QualityImage[]; thumbs: Map<number, ImageThumbnail> } = { total: 0, items: [], thumbs: new Map() };

/**
 * The Quality view's data: the sets, models and classes to score with, the stored runs, the page
 * of the chosen run's images (with thumbnails) and its common issues under the store's filters,
 * the scoring job, and rescoring one image (after an edit in the editor, say).
 */
export function useQuality() {
  const client = useClient();
  const showError = useShowError();
  const fail = useCallback((error: unknown) => showError(errorMessage(error)), [showError]);
  const [form, setForm] = useState<QualityForm>({ set: 'S0', modelId: null, source: 'auto', provider: 'auto' });
  const [version, setVersion] = useState(0);
  const [notice, setNotice] = useState<string | null>(null);
  const rescoring = useRef(false);
  const runId = useQualityStore((s) => s.runId);
  const classId = useQualityStore((s) => s.classId);
  const pair = useQualityStore((s) => s.pair);
  const pageIndex = useQualityStore((s) => s.page);

  const basics = useLoad(
    useCallback(
      () =>
        Promise.all([client.call('quality.sets'), client.call('models.list'), client.call('classes.list')]).then(([sets, models, classes]) => {
          const target = models.find((x) => x.isTarget) ?? models[0];
          setForm((f) => ({ ...f, modelId: f.modelId ?? target?.id ?? null, set: sets.some((x) => x.name === f.set) ? f.set : (sets[0]?.name ?? f.set) }));
          return { sets, models, classes };
        }),
      [client],
    ),
  ).data;

  // Asked again with `newest` true after a run: the run it made is shown.
  const runs = useLoad(
    useCallback(
      (newest?: boolean) =>
        client.call('quality.runs').then((list) => {
          const { runId: shown, setRun } = useQualityStore.getState();
          if (newest || shown === null || !list.some((r) => r.id === shown)) setRun(list[0]?.id ?? null);
          return list;
        }),
      [client],
    ),
  );
  const loadRuns = runs.reload;

  const job = useJob(
    useCallback(
      (end) => {
        if (end.state === 'done') void loadRuns(true);
        if (end.state === 'failed') {
          // The progress event says only that it failed; the job record says why.
          client
            .call('jobs.list')
            .then((jobs) => showError(jobs.find((j) => j.jobId === end.jobId)?.error ?? 'Label scoring failed.'))
            .catch(fail);
        }
      },
      [client, fail, loadRuns, showError],
    ),
  );

  // A rescore bumps `version`, so the page and the issues are read again.
  const page = useLoad(
    useMemo(() => {
      if (runId === null) return null;
      const filter = { ...(classId !== null ? { classId } : {}), ...(pair ? { pair } : {}) };
      return () =>
        client.call('quality.images', { runId, offset: pageIndex * PAGE, limit: PAGE, ...filter }).then(async (result) => {
          const ids = result.items.map((i) => i.imageId);
          const found = ids.length > 0 ? await client.call('images.thumbnails', { ids }) : [];
          return { ...result, thumbs: new Map(found.map((t) => [t.id, t])) };
        });
    }, [client, runId, pageIndex, classId, pair, version]),
  ).data;

  const issues = useLoad(
    useMemo(
      () => (runId === null ? null : () => client.call('quality.commonIssues', { runId, ...(classId !== null ? { classId } : {}) })),
      [client, runId, classId, version],
    ),
  ).data;

  const rescore = useCallback(
    async ({ imageId, runId: inRun, name }: RescoreTarget) => {
      if (rescoring.current) return;
      rescoring.current = true;
      try {
        let { rescored } = await client.call('quality.rescoreImage', { imageId });
        if (!rescored.some((r) => r.runId === inRun)) rescored = [...rescored, ...(await client.call('quality.rescoreImage', { imageId, runId: inRun })).rescored];
        const here = rescored.find((r) => r.runId === inRun);
        setNotice(
          here
            ? `${name} rescored: ${here.previousScore.toFixed(4)} → ${here.score.toFixed(4)}, ${here.issues} flagged pixels.`
            : `${name} has no label to score any more.`,
        );
        setVersion((v) => v + 1);
        void loadRuns(false);
      } catch (error) {
        fail(error);
      } finally {
        rescoring.current = false;
      }
    },
    [client, fail, loadRuns],
  );

  // Back from the editor: score the image sent there again, so the list shows its new score.
  useEffect(() => {
    const sent = useQualityStore.getState().sentToEditor;
    if (!sent) return;
    useQualityStore.getState().sendToEditor(null);
    void rescore(sent);
  }, [rescore]);

  const run = useCallback(() => {
    if (job.running || form.modelId === null) return;
    setNotice(null);
    job.start(client.call('quality.run', { set: form.set, modelId: form.modelId, source: form.source, provider: form.provider }))
      .catch(fail);
  }, [client, form, job, fail]);

  return {
    /** Whether the sets, models and runs have been read: until then the view claims nothing is missing. */
    loaded: basics !== undefined && runs.data !== undefined,
    sets: basics?.sets ?? NO_SETS,
    models: basics?.models ?? NO_MODELS,
    classes: basics?.classes ?? NO_CLASSES,
    runs: runs.data ?? NO_RUNS,
    form,
    setForm,
    page: page ?? NO_PAGE,
    issues: issues ?? NO_ISSUES,
    version,
    notice,
    job,
    run,
    rescore,
  };
}
