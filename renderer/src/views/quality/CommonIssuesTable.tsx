import type { CommonIssue } from '../../../../shared/contract/methods/qualityMethods.js';
import type { IssuePair } from './qualityStore.js';
import { TableHead } from '../../widgets/TableHead.js';

/** Given → predicted pairs among the run's flagged pixels; a click filters the image list to that pair (again: clears it). */
export function CommonIssuesTable({ rows, pair, onPick }: { rows: CommonIssue[]; pair: IssuePair | null; onPick(pair: IssuePair | null): void }) {
  if (rows.length === 0) return <p className="empty" data-testid="common-issues-empty">No flagged pixels here.</p>;
  return (
    <table className="grid-table common-issues" data-testid="common-issues">
      <TableHead columns={['Labelled as', 'Model says', 'Pixels', 'Images']} />
      <tbody>
        {rows.map((row) => {
          const active = pair?.given === row.given && pair.predicted === row.predicted;
          return (
            <tr
              key={`${row.given}-${row.predicted}`}
              className={active ? 'selected-row clickable' : 'clickable'}
              onClick={() => onPick(active ? null : { given: row.given, predicted: row.predicted })}
              title={active ? 'Show every image again' : 'Show only the images with this issue'}
              data-testid={`issue-${row.given}-${row.predicted}`}
            >
              <td>{row.givenName}</td>
              <td>{row.predictedName}</td>
              <td>{row.pixels}</td>
              <td>{row.images}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
