import { useCallback, useState } from 'react';
import type { ModelPreview } from '../../../../shared/contract/methods/modelMethods.js';
import type { ModelCard } from '../../../../shared/models/modelCard.js';
import type { ModelSignature } from '../../../../shared/models/modelInspection.js';
import { errorMessage, useClient } from '../../hooks/clientContext.js';
import { decodeMask, type DecodedPrediction } from '../../overlay/usePrediction.js';

/** A preview with the card it was made with: the legend keeps its colours and names while the form changes. */
export interface ShownPreview {
  preview: ModelPreview;
  mask: DecodedPrediction;
  card: ModelCard;
}

/**
 * The card form: the card `models.inspect` drafted for an ONNX file (or found in it), the fields
 * it guessed, edits, and previews of the card on an image. The last refusal is kept whole; the
 * form puts its parts next to the fields they name.
 */
export function useCardDraft() {
  const client = useClient();
  const [card, setCard] = useState<ModelCard | null>(null);
  const [signature, setSignature] = useState<ModelSignature | null>(null);
  const [unsure, setUnsure] = useState<readonly string[]>([]);
  const [busy, setBusy] = useState<'inspect' | 'preview' | null>(null);
  const [refusal, setRefusal] = useState<string | null>(null);
  const [shown, setShown] = useState<ShownPreview | null>(null);

  const inspect = useCallback(
    (onnxPath: string) => {
      setBusy('inspect');
      setRefusal(null);
      client
        .call('models.inspect', { onnxPath })
        .then((inspection) => {
          setCard(inspection.card);
          setSignature(inspection.signature);
          setUnsure(inspection.unsure);
          setShown(null);
        })
        .catch((error) => setRefusal(errorMessage(error)))
        .finally(() => setBusy(null));
    },
    [client],
  );

  const preview = useCallback(
    (onnxPath: string, imagePath: string) => {
      if (!card) return;
      const used = card;
      setBusy('preview');
      setRefusal(null);
      client
        .call('models.preview', { onnxPath, card: used, imagePath })
        .then(async (result) => setShown({ preview: result, mask: await decodeMask(result.labelMap, result.width, result.height), card: used }))
        .catch((error) => {
          setShown(null);
          setRefusal(errorMessage(error));
        })
        .finally(() => setBusy(null));
    },
    [client, card],
  );

  const discard = useCallback(() => {
    setCard(null);
    setSignature(null);
    setUnsure([]);
    setShown(null);
    setRefusal(null);
  }, []);

  return { card, setCard, signature, unsure, busy, refusal, setRefusal, shown, inspect, preview, discard };
}
