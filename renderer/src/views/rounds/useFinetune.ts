import { useCallback, useState } from 'react';
import { errorMessage, useClient } from '../../hooks/clientContext.js';
import { useJob } from '../../hooks/useJob.js';
import { useLoad } from '../../hooks/useLoad.js';
import { useShowError } from '../../hooks/useShowError.js';

export type FinetuneForm = Record<'iterations' | 'learningRate' | 'batchSize' | 'seed', string> & { trainable: 'head' | 'tail'; acceptWorse: boolean };

/**
 * What a fine-tune of the target's tail or head would learn from (read again after each run), the run's
 * settings (seeded once with the core's defaults), and the fine-tune job.
 */
export function useFinetune(onFinished: () => void) {
  const client = useClient();
  const showError = useShowError();
  const [form, setForm] = useState<FinetuneForm | null>(null);
  const loaded = useLoad(
    useCallback(
      () =>
        client.call('finetune.preview', {}).then((p) => {
          setForm(
            (f) =>
              f ?? {
                iterations: String(p.defaults.iterations),
                learningRate: String(p.defaults.learningRate),
                batchSize: String(p.defaults.batchSize),
                seed: String(p.defaults.seed),
                trainable: p.tailLayers === null ? 'head' : 'tail',
                acceptWorse: false,
              },
          );
          return p;
        }),
      [client],
    ),
  );
  const { reload } = loaded;
  const job = useJob(
    useCallback(
      (ended) => {
        void reload();
        onFinished();
        if (ended.state !== 'failed') return;
        // The progress event says only that it failed; the job record says why.
        client
          .call('jobs.list')
          .then((jobs) => showError(jobs.find((j) => j.jobId === ended.jobId)?.error ?? 'The fine-tune failed.'))
          .catch((error) => showError(errorMessage(error)));
      },
      [client, reload, onFinished, showError],
    ),
  );

  const start = useCallback(() => {
    if (!form) return;
    job
      .start(
        client.call('finetune.run', {
          iterations: Number(form.iterations),
          learningRate: Number(form.learningRate),
          batchSize: Number(form.batchSize),
          seed: Number(form.seed),
          trainable: form.trainable,
          acceptWorse: form.acceptWorse,
        }),
      )
      .catch((error) => showError(errorMessage(error)));
  }, [client, form, job, showError]);

  return { preview: loaded.data ?? null, form, setForm, job, start };
}
