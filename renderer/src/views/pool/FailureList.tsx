import { Pager } from '../../widgets/Pager.js';
import { useImportFailures } from './useImportFailures.js';

const PAGE = 25;

/** Files imports could not take (or whose masks they could not store), with the reason, newest first. */
export function FailureList({ version }: { version: number }) {
  const { page, setPage, failures } = useImportFailures(version, PAGE);

  if (failures.total === 0) return null;
  const pages = Math.max(1, Math.ceil(failures.total / PAGE));
  return (
    <section className="pool-failures" aria-label="Import failures" data-testid="import-failures">
      <h2>
        Import failures <span className="muted">{failures.total}</span>
      </h2>
      <table className="grid-table">
        <thead>
          <tr>
            <th>File</th>
            <th>What</th>
            <th>Reason</th>
          </tr>
        </thead>
        <tbody>
          {failures.items.map((f) => (
            <tr key={f.id} data-testid="failure-row">
              <td className="failure-path" title={`${f.folder}/${f.relPath}`}>
                {f.relPath}
              </td>
              <td>{f.kind === 'mask' ? 'mask' : 'image'}</td>
              <td>{f.reason}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <Pager page={page} pages={pages} setPage={setPage} label="failures" />
    </section>
  );
}
