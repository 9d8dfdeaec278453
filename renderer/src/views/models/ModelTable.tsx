import { Fragment, useState } from 'react';
import type { ClassInfo, ModelEntry } from '../../../../shared/contract/domain.js';
import { ClassMapEditor } from './ClassMapEditor.js';
import { providerName } from './providerName.js';
import { TableHead } from '../../widgets/TableHead.js';

function ClassChips({ model }: { model: ModelEntry }) {
  const mapped = new Map(model.classMap.map((e) => [e.modelClassId, e.projectClassId]));
  return (
    <span className="model-classes">
      {model.classes.map((c) => (
        <span
          key={c.id}
          className={`class-chip${mapped.get(c.id) === null ? ' unmapped' : ''}`}
          title={mapped.get(c.id) === null ? `${c.name}: not mapped to a project class (ignored)` : `${c.name} → project class ${mapped.get(c.id)}`}
        >
          <i style={{ background: c.color }} />
          {c.name}
        </span>
      ))}
    </span>
  );
}

export function ModelTable({
  models,
  projectClasses,
  readOnly,
  onSetTarget,
  onClassMapSaved,
}: {
  models: ModelEntry[];
  projectClasses: ClassInfo[];
  readOnly: boolean;
  onSetTarget(id: number): void;
  onClassMapSaved(message: string): void;
}) {
  const [editing, setEditing] = useState<number | null>(null);
  return (
    <table className="grid-table" data-testid="models-table">
      <TableHead columns={['#', 'Name', 'Version', 'Classes', 'Input', 'Provider', 'Role', '']} />
      <tbody>
        {models.map((m) => (
          <Fragment key={m.id}>
            <tr data-testid={`model-row-${m.id}`}>
              <td>{m.id}</td>
              <td title={m.description}>{m.name}</td>
              <td>{m.version}</td>
              <td>
                <ClassChips model={m} />
              </td>
              <td>
                {m.input.width}×{m.input.height} {m.input.resize}
              </td>
              <td data-testid={`model-provider-${m.id}`}>{providerName(m.provider)}</td>
              <td>{m.isTarget ? <span className="badge target">target</span> : <span className="muted">competitor</span>}</td>
              <td>
                <div className="row">
                  {!m.isTarget && !readOnly && (
                    <button type="button" onClick={() => onSetTarget(m.id)}>
                      Set target
                    </button>
                  )}
                  {!readOnly && (
                    <button type="button" onClick={() => setEditing(editing === m.id ? null : m.id)} aria-expanded={editing === m.id}>
                      Class map
                    </button>
                  )}
                </div>
              </td>
            </tr>
            {editing === m.id && (
              <tr>
                <td colSpan={8}>
                  <ClassMapEditor
                    model={m}
                    projectClasses={projectClasses}
                    onSaved={(message) => {
                      setEditing(null);
                      onClassMapSaved(message);
                    }}
                  />
                </td>
              </tr>
            )}
          </Fragment>
        ))}
      </tbody>
    </table>
  );
}
