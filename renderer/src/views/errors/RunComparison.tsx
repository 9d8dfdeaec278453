import { useEffect, useState } from 'react';
import type { MethodOutput } from '../../../../shared/contract/methods.js';
import type { ErrorOverview, ErrorRunView } from '../../../../shared/contract/methods/errorMethods.js';
import { CATEGORY_INFO, MODEL_ERROR_CATEGORIES } from '../../../../shared/errors/errorCategories.js';
import { errorMessage, useClient } from '../../hooks/clientContext.js';
import { runLabel } from './errorCharts.js';
import { TableHead } from '../../widgets/TableHead.js';
import { useShowError } from '../../hooks/useShowError.js';

/**
 * A run against a base run on the same set (by default its model's parent version): per kind of
 * error, the regions before and after, how many fine-tuning fixed and how many are new.
 */
export function RunComparison({ overview, run }: { overview: ErrorOverview; run: ErrorRunView }) {
  const client = useClient();
  const showError = useShowError();
  const candidates = overview.runs.filter((r) => r.setName === run.setName && r.runId !== run.runId && r.images > 0);
  const [baseId, setBaseId] = useState<number | null>(run.parentRunId);
  const [result, setResult] = useState<MethodOutput<'errors.compare'> | null>(null);

  useEffect(() => setBaseId(run.parentRunId), [run.runId, run.parentRunId]);
  useEffect(() => {
    let live = true;
    setResult(null);
    if (baseId === null) return;
    client
      .call('errors.compare', { runId: run.runId, baseRunId: baseId })
      .then((r) => live && setResult(r))
      .catch((error) => showError(errorMessage(error)));
    return () => {
      live = false;
    };
  }, [client, run.runId, baseId, showError]);

  if (candidates.length === 0) return null;
  const base = overview.runs.find((r) => r.runId === baseId);
  return (
    <section className="run-comparison" data-testid="run-comparison">
      <div className="row">
        <h2>What changed</h2>
        <label className="check">
          against
          <select value={baseId ?? ''} onChange={(e) => setBaseId(e.target.value ? Number(e.target.value) : null)} aria-label="Compare with">
            <option value="">—</option>
            {candidates.map((r) => (
              <option key={r.runId} value={r.runId}>
                {runLabel(overview, r)}
                {r.runId === run.parentRunId ? ' (parent version)' : ''}
              </option>
            ))}
          </select>
        </label>
      </div>
      {base && result && (
        <table className="grid-table compact" data-testid="comparison-table">
          <TableHead
            columns={[
              'Kind of error',
              runLabel(overview, base),
              runLabel(overview, run),
              { label: 'Fixed', title: 'Ground-truth regions that were this kind of error and no longer are' },
              { label: 'New', title: 'Ground-truth regions that are this kind of error now and were not before' },
            ]}
          />
          <tbody>
            {MODEL_ERROR_CATEGORIES.filter((c) => base.totals[c].regions + run.totals[c].regions > 0).map((c) => (
              <tr key={c} data-category={c}>
                <td>{CATEGORY_INFO[c].label}</td>
                <td>{base.totals[c].regions}</td>
                <td>{run.totals[c].regions}</td>
                <td>{CATEGORY_INFO[c].side === 'reference' ? result.fixed[c] : '—'}</td>
                <td>{CATEGORY_INFO[c].side === 'reference' ? result.introduced[c] : '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
