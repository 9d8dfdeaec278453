import { useCallback, useEffect, useState } from 'react';
import type { ClassInfo, ModelEntry } from '../../../../shared/contract/domain.js';
import { errorMessage, useClient } from '../../hooks/clientContext.js';
import { useAppStore } from '../../stores/appStore.js';
import { AddModelForm } from './AddModelForm.js';
import { InferencePanel } from './InferencePanel.js';
import { ModelTable } from './ModelTable.js';
import './models.css';

/** The model registry (add, target, class maps) and the inference runs over the project's images. */
export function ModelsView() {
  const client = useClient();
  const showError = useAppStore((s) => s.showError);
  const readOnly = useAppStore((s) => s.project?.readOnly ?? false);
  const [models, setModels] = useState<ModelEntry[] | null>(null);
  const [classes, setClasses] = useState<ClassInfo[]>([]);
  const [notice, setNotice] = useState<string | null>(null);
  const [refreshKey, setRefreshKey] = useState(0);

  const reload = useCallback(() => {
    Promise.all([client.call('models.list'), client.call('classes.list')])
      .then(([list, projectClasses]) => {
        setModels(list);
        setClasses(projectClasses);
        setRefreshKey((k) => k + 1);
      })
      .catch((error) => showError(errorMessage(error)));
  }, [client, showError]);

  useEffect(reload, [reload]);

  const setTarget = (modelId: number): void => {
    client
      .call('models.setTarget', { modelId })
      .then(setModels)
      .catch((error) => showError(errorMessage(error)));
  };

  const reloadModels = useCallback(() => {
    client
      .call('models.list')
      .then(setModels)
      .catch((error) => showError(errorMessage(error)));
  }, [client, showError]);

  return (
    <section className="models-view">
      <h1>Models</h1>
      {models === null ? null : models.length === 0 ? (
        <p className="empty" data-testid="models-empty">
          No models registered yet. Add an ONNX model with its model card below; the first model gives an empty project its classes.
        </p>
      ) : (
        <ModelTable
          models={models}
          projectClasses={classes}
          readOnly={readOnly}
          onSetTarget={setTarget}
          onClassMapSaved={(message) => {
            setNotice(message);
            reload();
          }}
        />
      )}
      {notice && (
        <p className="muted" role="status">
          {notice}
        </p>
      )}
      <AddModelForm
        readOnly={readOnly}
        onAdded={() => {
          setNotice(null);
          reload();
        }}
      />
      {models !== null && <InferencePanel readOnly={readOnly} hasModels={models.length > 0} refreshKey={refreshKey} onFinished={reloadModels} />}
    </section>
  );
}
