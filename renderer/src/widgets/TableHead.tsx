import type { ReactNode } from 'react';

/** A header cell: its text ('' for an empty cell), or its text with a tooltip; false or null leaves the column out. */
export type Column = ReactNode | { label: ReactNode; title: string };

function hasTitle(column: Column): column is { label: ReactNode; title: string } {
  return typeof column === 'object' && column !== null && 'title' in column;
}

/** A table's header row from its column names. */
export function TableHead({ columns }: { columns: readonly Column[] }) {
  return (
    <thead>
      <tr>
        {columns.map((column, i) =>
          column === false || column === null || column === undefined ? null : hasTitle(column) ? (
            <th key={i} title={column.title}>
              {column.label}
            </th>
          ) : (
            <th key={i}>{column === '' ? null : column}</th>
          ),
        )}
      </tr>
    </thead>
  );
}
