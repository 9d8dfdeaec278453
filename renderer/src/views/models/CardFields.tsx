import { useEffect, useState, type ReactNode } from 'react';

/** What every field of the card form shows besides its input: whether the draft guessed it, and the parts of a refusal that name it. */
export interface FieldNotes {
  unsure: ReadonlySet<string>;
  problems: ReadonlyMap<string, readonly string[]>;
}

/** Whether `path` (or the section above it, e.g. "output") was guessed by the draft. */
export function isUnsure(notes: FieldNotes, path: string): boolean {
  return notes.unsure.has(path) || notes.unsure.has(path.split('.')[0]!);
}

const idOf = (path: string): string => `card-${path.replace(/[^A-Za-z0-9]/g, '-')}`;

/** A labelled card field: "guessed" when the draft could not read it from the graph, and its refusals beneath it. */
export function CardField({ path, label, notes, children }: { path: string; label: string; notes: FieldNotes; children: (props: { id: string; 'aria-invalid': boolean; 'aria-describedby'?: string }) => ReactNode }) {
  const id = idOf(path);
  const unsure = isUnsure(notes, path);
  const problems = notes.problems.get(path) ?? [];
  const noteId = problems.length > 0 ? `${id}-problem` : undefined;
  return (
    <div className={`field${unsure ? ' unsure' : ''}${problems.length > 0 ? ' refused' : ''}`} data-testid={id}>
      <label htmlFor={id}>
        {label}
        {unsure && (
          <span className="badge warn" title="Guessed: the graph does not say; check it (a preview shows whether it is right)">
            guessed
          </span>
        )}
      </label>
      {children({ id, 'aria-invalid': problems.length > 0, ...(noteId ? { 'aria-describedby': noteId } : {}) })}
      {problems.length > 0 && (
        <p className="field-problem" id={noteId} data-testid={`${id}-problem`}>
          {problems.join(' ')}
        </p>
      )}
    </div>
  );
}

/**
 * A number typed as text: the card changes only when the text is a number, so a field can be
 * cleared and retyped, and "0." or "-" can be typed on the way.
 */
export function NumberInput({ value, onChange, ...rest }: { value: number; onChange(value: number): void; id: string; 'aria-invalid': boolean; 'aria-describedby'?: string; 'aria-label'?: string }) {
  const [text, setText] = useState(String(value));
  useEffect(() => setText((current) => (Number(current) === value && current.trim() !== '' ? current : String(value))), [value]);
  return (
    <input
      {...rest}
      inputMode="decimal"
      value={text}
      spellCheck={false}
      onChange={(e) => {
        setText(e.target.value);
        const parsed = Number(e.target.value);
        if (e.target.value.trim() !== '' && Number.isFinite(parsed)) onChange(parsed);
      }}
    />
  );
}

/** A choice among the schema's values. */
export function Choice<T extends string>({ value, options, onChange, ...rest }: { value: T; options: readonly T[]; onChange(value: T): void; id: string; 'aria-invalid': boolean; 'aria-describedby'?: string }) {
  return (
    <select {...rest} value={value} onChange={(e) => onChange(e.target.value as T)}>
      {options.map((o) => (
        <option key={o} value={o}>
          {o}
        </option>
      ))}
    </select>
  );
}
