import { useAppStore } from '../../stores/appStore.js';
import { FailureList } from './FailureList.js';
import { ImportPanel } from './ImportPanel.js';
import { MergePanel } from './MergePanel.js';
import { ThumbnailGrid } from './ThumbnailGrid.js';
import { usePool } from './usePool.js';
import './pool.css';

export function PoolView() {
  const readOnly = useAppStore((s) => s.project?.readOnly ?? false);
  const { stats, version, changed } = usePool();

  return (
    <section className="pool-view">
      <h1>Image pool</h1>
      {stats && (
        <dl className="stats" data-testid="project-stats">
          <dt>Images</dt>
          <dd data-testid="stat-images">{stats.images}</dd>
          <dt>Failed</dt>
          <dd data-testid="stat-failed">{stats.imagesFailed}</dd>
          <dt>Labelled</dt>
          <dd data-testid="stat-labelled">{stats.labelledImages}</dd>
          <dt>Models</dt>
          <dd>{stats.models}</dd>
          <dt>Rounds</dt>
          <dd>{stats.rounds}</dd>
        </dl>
      )}
      <ImportPanel readOnly={readOnly} onChanged={changed} />
      {stats?.images === 0 && (
        <p className="empty" data-testid="pool-empty">
          This project has no images yet. Import a folder above, or from a terminal with <code>npx faultline import PROJECT FOLDER</code>.
        </p>
      )}
      {stats !== null && stats.images > 0 && <ThumbnailGrid version={version} />}
      <FailureList version={version} />
      <MergePanel readOnly={readOnly} onChanged={changed} />
    </section>
  );
}
