import { useAppStore } from '../../stores/appStore.js';
import { AddModelForm } from './AddModelForm.js';
import { AddRemoteModelForm } from './AddRemoteModelForm.js';
import { InferencePanel } from './InferencePanel.js';
import { ModelTable } from './ModelTable.js';
import { useModels } from './useModels.js';
import './models.css';

/** The model registry (add, target, class maps) and the inference runs over the project's images. */
export function ModelsView() {
  const readOnly = useAppStore((s) => s.project?.readOnly ?? false);
  const { models, classes, notice, refreshKey, setTarget, reloadModels, classMapSaved, added } = useModels();

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
          onClassMapSaved={classMapSaved}
        />
      )}
      {notice && (
        <p className="muted" role="status">
          {notice}
        </p>
      )}
      <AddModelForm
        readOnly={readOnly}
        onAdded={added}
      />
      <AddRemoteModelForm readOnly={readOnly} onAdded={added} />
      {models !== null && <InferencePanel readOnly={readOnly} hasModels={models.length > 0} refreshKey={refreshKey} onFinished={reloadModels} />}
    </section>
  );
}
