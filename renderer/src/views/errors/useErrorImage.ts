import { useMemo } from 'react';
import type { MaskPayload } from '../../../../shared/contract/domain.js';
import { useClient } from '../../hooks/clientContext.js';
import { useLoad } from '../../hooks/useLoad.js';
import { decodeMask } from '../../overlay/usePrediction.js';

const decoded = (mask: MaskPayload | null) => (mask ? decodeMask(mask.data, mask.width, mask.height) : null);

/** One image of an error run with its reference and predicted masks decoded; null while it loads. */
export function useErrorImage(runId: number, imageId: number) {
  const client = useClient();
  const { data } = useLoad(
    useMemo(
      () => () =>
        client.call('errors.image', { runId, imageId }).then(async (view) => {
          const [reference, prediction] = await Promise.all([decoded(view.reference), decoded(view.prediction)]);
          return { runId, imageId, view, reference, prediction };
        }),
      [client, runId, imageId],
    ),
  );
  // The image asked for before this one stays in `data` until this one arrives: it is not shown.
  return data && data.runId === runId && data.imageId === imageId ? data : null;
}
