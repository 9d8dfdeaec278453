import { useCallback, useState } from 'react';
import type { ModelEntry } from '../../../../shared/contract/domain.js';
import type { ModelCard } from '../../../../shared/models/modelCard.js';
import { errorMessage, useClient } from '../../hooks/clientContext.js';
import { providerName } from './providerName.js';

/**
 * The add-model form: its paths and target flag, and adding the model (with a card file, the
 * embedded card, or the card form's card). A refusal is kept here in
 * full (not in the app's banner), since a bad card lists every field on its own line.
 */
export function useAddModel(onAdded: (model: ModelEntry) => void) {
  const client = useClient();
  const [onnxPath, setOnnxPath] = useState('');
  const [cardPath, setCardPath] = useState('');
  const [target, setTarget] = useState(false);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [added, setAdded] = useState<string | null>(null);

  /** Registers the model with `card` (the card form's) when given, else with the card file or the embedded card; resolves whether it was added. */
  const add = useCallback(
    (card?: ModelCard): Promise<boolean> => {
      setBusy(true);
      setProblem(null);
      setAdded(null);
      const source = card ? { card } : cardPath.trim() ? { cardPath: cardPath.trim() } : {};
      return client
        .call('models.add', { onnxPath: onnxPath.trim(), ...source, target })
        .then((model) => {
          setAdded(`Added ${model.name} ${model.version} (dry run passed on ${providerName(model.provider)}).`);
          setOnnxPath('');
          setCardPath('');
          setTarget(false);
          onAdded(model);
          return true;
        })
        .catch((error) => {
          setProblem(errorMessage(error));
          return false;
        })
        .finally(() => setBusy(false));
    },
    [client, onnxPath, cardPath, target, onAdded],
  );

  const clearProblem = useCallback(() => setProblem(null), []);

  return { form: { onnxPath, setOnnxPath, cardPath, setCardPath, target, setTarget }, busy, problem, clearProblem, added, add };
}
