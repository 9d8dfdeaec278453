import { useEffect, useState } from 'react';
import type { ImageSummary, ProjectStats } from '../../../shared/contract/domain.js';
import { errorMessage, useClient } from '../clientContext.js';
import { useAppStore } from '../stores/appStore.js';

const PAGE = 100;

export function PoolView() {
  const client = useClient();
  const showError = useAppStore((s) => s.showError);
  const [stats, setStats] = useState<ProjectStats | null>(null);
  const [page, setPage] = useState(0);
  const [images, setImages] = useState<{ total: number; items: ImageSummary[] }>({ total: 0, items: [] });

  useEffect(() => {
    let live = true;
    Promise.all([client.call('project.stats'), client.call('images.list', { offset: page * PAGE, limit: PAGE })])
      .then(([s, list]) => {
        if (!live) return;
        setStats(s);
        setImages(list);
      })
      .catch((error) => showError(errorMessage(error)));
    return () => {
      live = false;
    };
  }, [client, page, showError]);

  const pages = Math.max(1, Math.ceil(images.total / PAGE));
  return (
    <section>
      <h1>Image pool</h1>
      {stats && (
        <dl className="stats" data-testid="project-stats">
          <dt>Images</dt>
          <dd data-testid="stat-images">{stats.images}</dd>
          <dt>Failed</dt>
          <dd>{stats.imagesFailed}</dd>
          <dt>Labelled</dt>
          <dd>{stats.labelledImages}</dd>
          <dt>Models</dt>
          <dd>{stats.models}</dd>
          <dt>Rounds</dt>
          <dd>{stats.rounds}</dd>
        </dl>
      )}
      {images.total === 0 ? (
        <p className="empty" data-testid="pool-empty">
          This project has no images yet. Import a folder with <code>npx faultline import PROJECT FOLDER</code> (coming with the
          image-pool feature).
        </p>
      ) : (
        <>
          <table className="grid-table">
            <thead>
              <tr>
                <th>#</th>
                <th>File</th>
                <th>Size</th>
                <th>Split</th>
                <th>Label</th>
                <th>Status</th>
              </tr>
            </thead>
            <tbody>
              {images.items.map((img) => (
                <tr key={img.id}>
                  <td>{img.id}</td>
                  <td>{img.relPath}</td>
                  <td>{img.width && img.height ? `${img.width}×${img.height}` : '—'}</td>
                  <td>{img.split}</td>
                  <td>{img.hasLabel ? 'yes' : ''}</td>
                  <td title={img.error ?? ''}>{img.status}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <div className="pager">
            <button type="button" disabled={page === 0} onClick={() => setPage(page - 1)}>
              ← Previous
            </button>
            <span>
              Page {page + 1} of {pages}
            </span>
            <button type="button" disabled={page + 1 >= pages} onClick={() => setPage(page + 1)}>
              Next →
            </button>
          </div>
        </>
      )}
    </section>
  );
}
