import { useCallback, useState } from 'react';
import type { ModelEntry } from '../../../../shared/contract/domain.js';
import { errorMessage, useClient } from '../../hooks/clientContext.js';

/** A draft of a model's class map (model class → project class, null: ignored) and saving it; a refusal stays with the editor. */
export function useClassMap(model: ModelEntry, onSaved: (message: string) => void) {
  const client = useClient();
  const [draft, setDraft] = useState(() => new Map(model.classMap.map((e) => [e.modelClassId, e.projectClassId])));
  const [problem, setProblem] = useState<string | null>(null);

  const map = useCallback((modelClassId: number, projectClassId: number | null) => setDraft((d) => new Map(d).set(modelClassId, projectClassId)), []);

  const save = useCallback(() => {
    const classMap = [...draft.entries()].map(([modelClassId, projectClassId]) => ({ modelClassId, projectClassId }));
    client
      .call('models.setClassMap', { modelId: model.id, classMap })
      .then(({ invalidatedPredictions }) =>
        onSaved(invalidatedPredictions > 0 ? `Class map saved; ${invalidatedPredictions} predictions will be recomputed by the next run.` : 'Class map saved.'),
      )
      .catch((error) => setProblem(errorMessage(error)));
  }, [client, draft, model.id, onSaved]);

  return { draft, map, problem, save };
}
