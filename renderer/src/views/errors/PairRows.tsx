import { TableHead } from '../../widgets/TableHead.js';
export interface PairColumn {
  header: string;
  /** The field's label in a row, e.g. "Alias 2". */
  label(index: number): string;
  /** Choices for a select; without them, a text field with these suggestions. */
  choices?: readonly string[];
  suggestions?: string;
}

function PairField({ column, index, value, onChange }: { column: PairColumn; index: number; value: string; onChange(value: string): void }) {
  if (!column.choices) return <input value={value} list={column.suggestions} onChange={(e) => onChange(e.target.value)} aria-label={column.label(index)} />;
  const options = column.choices.includes(value) || !value ? column.choices : [value, ...column.choices];
  return (
    <select value={value} onChange={(e) => onChange(e.target.value)} aria-label={column.label(index)}>
      <option value="">choose…</option>
      {options.map((name) => (
        <option key={name} value={name}>
          {name}
        </option>
      ))}
    </select>
  );
}

/** Rows of two names with add and remove buttons (aliases, superclass parents); a problem shows beside its row. */
export function PairRows<R>(props: {
  rows: readonly R[];
  columns: readonly [PairColumn, PairColumn];
  get(row: R): readonly [string, string];
  set(row: R, side: 0 | 1, value: string): R;
  empty: R;
  problems: readonly (string | null)[];
  /** What a row is, for the buttons: "alias", "parent". */
  noun: string;
  testId: string;
  onChange(rows: R[]): void;
}) {
  const { rows, columns, get, set, empty, problems, noun, testId, onChange } = props;
  const edit = (i: number, side: 0 | 1, value: string) => onChange(rows.map((row, j) => (j === i ? set(row, side, value) : row)));
  return (
    <div className="pair-rows" data-testid={testId}>
      {rows.length > 0 && (
        <table className="grid-table compact">
          <TableHead columns={[columns[0].header, '', columns[1].header, '', '']} />
          <tbody>
            {rows.map((row, i) => {
              const [a, b] = get(row);
              return (
                <tr key={i} data-testid={`${testId}-row`}>
                  <td>
                    <PairField column={columns[0]} index={i} value={a} onChange={(v) => edit(i, 0, v)} />
                  </td>
                  <td aria-hidden="true">→</td>
                  <td>
                    <PairField column={columns[1]} index={i} value={b} onChange={(v) => edit(i, 1, v)} />
                  </td>
                  <td>
                    <button type="button" className="icon" onClick={() => onChange(rows.filter((_, j) => j !== i))} aria-label={`Remove ${noun} ${i + 1}`} title="Remove">
                      ×
                    </button>
                  </td>
                  <td className="field-error" role={problems[i] ? 'alert' : undefined}>
                    {problems[i] ?? ''}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      <button type="button" onClick={() => onChange([...rows, empty])}>
        Add {noun}
      </button>
    </div>
  );
}
