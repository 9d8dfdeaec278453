import type { ModelSummary } from '../../../shared/contract/domain.js';

/** The options of a model picker: name, version, and which one is the target. */
export function ModelOptions({ models }: { models: readonly ModelSummary[] }) {
  return (
    <>
      {models.map((m) => (
        <option key={m.id} value={m.id}>
          {m.name} {m.version}
          {m.isTarget ? ' (target)' : ''}
        </option>
      ))}
    </>
  );
}
