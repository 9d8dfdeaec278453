import type { ClassRow, HierarchyDraft } from './hierarchyDraft.js';
import { TableHead } from '../../widgets/TableHead.js';

/** One row per project class: its superclass (suggesting those in use), stuff and background. */
export function HierarchyTable({
  draft,
  problems,
  superclassList,
  onChange,
}: {
  draft: HierarchyDraft;
  problems: Record<string, string>;
  /** Id of the datalist of superclasses in use. */
  superclassList: string;
  onChange(draft: HierarchyDraft): void;
}) {
  const edit = (i: number, change: Partial<ClassRow>) => onChange({ ...draft, classes: draft.classes.map((row, j) => (j === i ? { ...row, ...change } : row)) });
  return (
    <table className="grid-table compact class-table" data-testid="class-table">
      <TableHead
        columns={[
          'Class', 'Superclass', { label: 'Stuff', title: 'Amorphous regions (rule 6): confusing a class with a stuff class is a stuff confusion' },
          { label: 'Background', title: 'Never a ground-truth unit nor a hallucination (rule 3: predicting it is a miss)' }, '',
        ]}
      />
      <tbody>
        {draft.classes.map((row, i) => (
          <tr key={row.name} data-testid="class-row" data-class={row.name}>
            <td>
              <span className="swatch" style={{ background: row.color }} /> {row.name}
            </td>
            <td>
              <input
                list={superclassList}
                value={row.superclass}
                placeholder="none"
                onChange={(e) => edit(i, { superclass: e.target.value })}
                aria-label={`Superclass of ${row.name}`}
              />
            </td>
            <td>
              <input type="checkbox" checked={row.stuff} onChange={(e) => edit(i, { stuff: e.target.checked })} aria-label={`${row.name} is stuff`} />
            </td>
            <td>
              <input type="checkbox" checked={row.background} onChange={(e) => edit(i, { background: e.target.checked })} aria-label={`${row.name} is background`} />
            </td>
            <td className="field-error" role={problems[row.name] ? 'alert' : undefined}>
              {problems[row.name] ?? ''}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
