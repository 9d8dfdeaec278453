import { useEffect, useState } from 'react';
import type { ClassInfo, ModelSummary } from '../../../../shared/contract/domain.js';
import type { MethodOutput } from '../../../../shared/contract/methods.js';
import { errorMessage, useClient } from '../../hooks/clientContext.js';
import { constraintOf, type MiningFormState } from './miningForm.js';
import { ModelOptions } from '../../widgets/ModelOptions.js';
import { TableHead } from '../../widgets/TableHead.js';
import { useShowError } from '../../hooks/useShowError.js';

type Bounds = MethodOutput<'mining.bounds'>;

const fmt = (v: number | null, measure: string) => (v === null ? '—' : measure === 'fraction' ? `${(v * 100).toFixed(1)} %` : Math.round(v).toString());

/** The mining parameters, with the content bounds they imply shown (and editable in custom mode). */
export function MiningSettings({
  form,
  setForm,
  models,
  classes,
}: {
  form: MiningFormState;
  setForm(update: (f: MiningFormState) => MiningFormState): void;
  models: ModelSummary[];
  classes: ClassInfo[];
}) {
  const client = useClient();
  const showError = useShowError();
  const [bounds, setBounds] = useState<Bounds | null>(null);
  const constraintKey = JSON.stringify(constraintOf(form));
  const targetId = form.targetId;

  useEffect(() => {
    if (classes.length === 0) return;
    client
      .call('mining.bounds', { constraint: JSON.parse(constraintKey), ...(targetId === null ? {} : { targetId }) })
      .then(setBounds)
      .catch((error) => showError(errorMessage(error)));
  }, [client, constraintKey, targetId, classes.length, showError]);

  const set = <K extends keyof MiningFormState>(key: K, value: MiningFormState[K]) => setForm((f) => ({ ...f, [key]: value }));
  const toggleCompetitor = (id: number) =>
    setForm((f) => ({ ...f, competitorIds: f.competitorIds.includes(id) ? f.competitorIds.filter((c) => c !== id) : [...f.competitorIds, id] }));
  const startCustom = () => {
    const custom: MiningFormState['customBounds'] = {};
    for (const b of bounds?.classes ?? []) {
      if (bounds?.measure === 'fraction' && b.lower !== null && b.upper !== null) custom[b.classId] = { min: b.lower, max: b.upper };
    }
    setForm((f) => ({ ...f, constraintMode: 'custom', customBounds: custom }));
  };

  return (
    <div className="mining-settings" data-testid="mining-settings">
      <div className="field">
        <label htmlFor="mining-target">Target model</label>
        <select id="mining-target" value={form.targetId ?? ''} onChange={(e) => set('targetId', e.target.value ? Number(e.target.value) : null)}>
          <option value="">— choose —</option>
          <ModelOptions models={models} />
        </select>
      </div>
      <fieldset>
        <legend>Competitors</legend>
        {models
          .filter((m) => m.id !== form.targetId)
          .map((m) => (
            <label key={m.id} className="check">
              <input type="checkbox" checked={form.competitorIds.includes(m.id)} onChange={() => toggleCompetitor(m.id)} /> {m.name} {m.version}
            </label>
          ))}
      </fieldset>
      <div className="field">
        <label htmlFor="mining-strategy">Strategy</label>
        <select id="mining-strategy" value={form.strategy} onChange={(e) => set('strategy', e.target.value as MiningFormState['strategy'])}>
          <option value="mad">MAD (maximum discrepancy)</option>
          <option value="entropy">Baseline: highest entropy</option>
          <option value="margin">Baseline: lowest margin</option>
          <option value="random">Baseline: random</option>
        </select>
      </div>
      {form.strategy === 'mad' ? (
        <>
          <div className="field">
            <label htmlFor="mining-n3">Images per class and direction (n3)</label>
            <input id="mining-n3" type="number" min={1} value={form.n3} onChange={(e) => set('n3', Math.max(1, Number(e.target.value) || 1))} />
          </div>
          <div className="field">
            <label htmlFor="mining-distance">Distance</label>
            <select id="mining-distance" value={form.distance} onChange={(e) => set('distance', e.target.value as MiningFormState['distance'])}>
              <option value="miou">1 − mIoU</option>
              <option value="pixel_accuracy">1 − mean pixel accuracy</option>
              <option value="fw_iou">1 − frequency-weighted IoU</option>
            </select>
          </div>
          <div className="field">
            <label htmlFor="mining-background">Background (left out of the class subgroups)</label>
            <select
              id="mining-background"
              value={form.backgroundClassId ?? ''}
              onChange={(e) => set('backgroundClassId', e.target.value === '' ? null : Number(e.target.value))}
            >
              <option value="">— none —</option>
              {classes.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="mining-min-share" title="A class covering less than this in both predictions takes no part in the distance: a speck is no disagreement.">
              Ignore classes under (% of the image, in both maps)
            </label>
            <input
              id="mining-min-share"
              type="number"
              min={0}
              max={10}
              step={0.05}
              value={+(form.minClassShare * 100).toFixed(4)}
              onChange={(e) => set('minClassShare', Math.min(0.1, Math.max(0, Number(e.target.value) / 100 || 0)))}
            />
          </div>
          <div className="field">
            <label htmlFor="mining-constraint">Content constraint</label>
            <select
              id="mining-constraint"
              value={form.constraintMode}
              onChange={(e) => (e.target.value === 'custom' ? startCustom() : set('constraintMode', e.target.value as MiningFormState['constraintMode']))}
            >
              <option value="quartile">Quartiles of area (default)</option>
              <option value="sigma">Mean ± σ of pixel count</option>
              <option value="custom">My own bounds</option>
              <option value="off">Off</option>
            </select>
          </div>
          {bounds && form.constraintMode !== 'off' && (
            <table className="grid-table bounds" data-testid="bounds-table">
              <TableHead columns={['Class', 'From', 'To', bounds?.source === 'pool' ? { label: 'Pool', title: 'Pool images where the target predicts the class' } : { label: 'S0', title: 'S0 masks containing the class' }]} />
              <tbody>
                {bounds.classes.map((b) => {
                  const name = classes.find((c) => c.id === b.classId)?.name ?? b.classId;
                  const custom = form.customBounds[b.classId];
                  return (
                    <tr key={b.classId}>
                      <td>{name}</td>
                      {form.constraintMode === 'custom' ? (
                        <>
                          <td>
                            <input
                              aria-label={`${name} from`}
                              type="number"
                              step={0.01}
                              min={0}
                              max={1}
                              value={custom?.min ?? 0}
                              onChange={(e) => setForm((f) => ({ ...f, customBounds: { ...f.customBounds, [b.classId]: { min: Number(e.target.value), max: custom?.max ?? 1 } } }))}
                            />
                          </td>
                          <td>
                            <input
                              aria-label={`${name} to`}
                              type="number"
                              step={0.01}
                              min={0}
                              max={1}
                              value={custom?.max ?? 1}
                              onChange={(e) => setForm((f) => ({ ...f, customBounds: { ...f.customBounds, [b.classId]: { min: custom?.min ?? 0, max: Number(e.target.value) } } }))}
                            />
                          </td>
                        </>
                      ) : (
                        <>
                          <td>{fmt(b.lower, bounds.measure)}</td>
                          <td>{fmt(b.upper, bounds.measure)}</td>
                        </>
                      )}
                      <td>{b.support}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          )}
          {bounds?.source === 'pool' &&
            (bounds.classes.some((b) => b.support > 0) ? (
              <p className="badge" data-testid="bounds-from-pool">
                No labelled training masks (S0) yet: typical areas come from the target’s predictions over the pool. Import S0 masks to use them instead.
              </p>
            ) : (
              <p className="badge warn" data-testid="bounds-from-pool">
                No labelled training masks (S0) and no predictions of the target yet: run inference with the target, give your own bounds, or turn the constraint off.
              </p>
            ))}
        </>
      ) : (
        <>
          <div className="field">
            <label htmlFor="mining-budget">Budget (images; empty = size of this round’s MAD set)</label>
            <input id="mining-budget" value={form.budget} onChange={(e) => set('budget', e.target.value)} inputMode="numeric" />
          </div>
          {form.strategy === 'random' && (
            <div className="field">
              <label htmlFor="mining-seed">Seed</label>
              <input id="mining-seed" type="number" min={0} value={form.seed} onChange={(e) => set('seed', Math.max(0, Number(e.target.value) || 0))} />
            </div>
          )}
        </>
      )}
    </div>
  );
}
