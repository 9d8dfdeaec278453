import type { ClassInfo, ModelEntry } from '../../../../shared/contract/domain.js';
import { useClassMap } from './useClassMap.js';

/** Which project class each of a model's classes counts as ("ignore": stored as 255). */
export function ClassMapEditor({ model, projectClasses, onSaved }: { model: ModelEntry; projectClasses: ClassInfo[]; onSaved(message: string): void }) {
  const { draft, map, problem, save } = useClassMap(model, onSaved);

  return (
    <div className="class-map-editor" data-testid={`class-map-${model.id}`}>
      <table>
        <tbody>
          {model.classMap.map((entry) => (
            <tr key={entry.modelClassId}>
              <td>
                {entry.modelClassId} · {entry.modelClassName}
              </td>
              <td>→</td>
              <td>
                <select
                  aria-label={`Project class for ${entry.modelClassName}`}
                  value={draft.get(entry.modelClassId) ?? ''}
                  onChange={(e) => map(entry.modelClassId, e.target.value === '' ? null : Number(e.target.value))}
                >
                  <option value="">ignore (255)</option>
                  {projectClasses.map((c) => (
                    <option key={c.id} value={c.id}>
                      {c.id} · {c.name}
                    </option>
                  ))}
                </select>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="row">
        <button type="button" onClick={save}>
          Save class map
        </button>
      </div>
      {problem && <p className="inference-result failed">{problem}</p>}
    </div>
  );
}
