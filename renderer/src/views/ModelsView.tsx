import { useEffect, useState } from 'react';
import type { ModelSummary } from '../../../shared/contract/domain.js';
import { errorMessage, useClient } from '../clientContext.js';
import { useAppStore } from '../stores/appStore.js';

export function ModelsView() {
  const client = useClient();
  const showError = useAppStore((s) => s.showError);
  const [models, setModels] = useState<ModelSummary[] | null>(null);

  useEffect(() => {
    client
      .call('models.list')
      .then(setModels)
      .catch((error) => showError(errorMessage(error)));
  }, [client, showError]);

  return (
    <section>
      <h1>Models</h1>
      {models === null ? null : models.length === 0 ? (
        <p className="empty" data-testid="models-empty">
          No models registered yet. Adding ONNX models with a model card arrives with the model-registry feature.
        </p>
      ) : (
        <table className="grid-table">
          <thead>
            <tr>
              <th>Name</th>
              <th>Version</th>
              <th>Role</th>
              <th>Added</th>
            </tr>
          </thead>
          <tbody>
            {models.map((m) => (
              <tr key={m.id}>
                <td>{m.name}</td>
                <td>{m.version}</td>
                <td>{m.isTarget ? 'target' : 'competitor'}</td>
                <td>{m.createdAt.slice(0, 10)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
