import type { ModelSummary, ProviderRequest } from '../../../../shared/contract/domain.js';
import type { QualitySet, QualitySourceChoice } from '../../../../shared/contract/methods/qualityMethods.js';
import { ModelOptions } from '../../widgets/ModelOptions.js';

export interface QualityForm {
  set: string;
  modelId: number | null;
  source: QualitySourceChoice;
  provider: ProviderRequest;
}

const PROVIDERS: ProviderRequest[] = ['auto', 'cpu', 'cuda', 'dml', 'coreml'];

/** What to score: the set, the model whose probabilities are used, and where they come from. */
export function QualityRunForm({
  form,
  setForm,
  sets,
  models,
}: {
  form: QualityForm;
  setForm(form: QualityForm): void;
  sets: QualitySet[];
  models: ModelSummary[];
}) {
  return (
    <div className="quality-form" data-testid="quality-form">
      <label className="field">
        Set
        <select value={form.set} onChange={(e) => setForm({ ...form, set: e.target.value })} data-testid="quality-set">
          {sets.map((s) => (
            <option key={s.name} value={s.name} disabled={s.labelled === 0}>
              {s.name} · {s.labelled} labelled of {s.images}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        Model
        <select value={form.modelId ?? ''} onChange={(e) => setForm({ ...form, modelId: Number(e.target.value) })} data-testid="quality-model">
          <ModelOptions models={models} />
        </select>
      </label>
      <label className="field">
        Probabilities
        <select value={form.source} onChange={(e) => setForm({ ...form, source: e.target.value as QualitySourceChoice })} data-testid="quality-source">
          <option value="auto">Automatic: stored if every image has them, else run the model now</option>
          <option value="stored">Stored by inference (fast)</option>
          <option value="fresh">Run the model now, full resolution (accurate)</option>
        </select>
      </label>
      {form.source !== 'stored' && (
        <label className="field">
          Provider
          <select value={form.provider} onChange={(e) => setForm({ ...form, provider: e.target.value as ProviderRequest })}>
            {PROVIDERS.map((p) => (
              <option key={p} value={p}>
                {p}
              </option>
            ))}
          </select>
        </label>
      )}
    </div>
  );
}
