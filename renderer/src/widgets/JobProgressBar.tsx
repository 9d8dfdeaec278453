import type { JobProgress } from '../hooks/useJob.js';

/** Progress of a long job with its cancel button; says how it ended once it has. */
export function JobProgressBar({ progress, running, onCancel }: { progress: JobProgress | null; running: boolean; onCancel(): void }) {
  if (!progress && !running) return null;
  const measured = progress?.total ? Math.min(1, progress.done / progress.total) : null;
  // A finished job never animates: done is full, a failed or cancelled one stays where it stopped.
  const finished = progress !== null && progress.state !== 'running';
  const fraction = finished ? (progress.state === 'done' ? 1 : (measured ?? 0)) : measured;
  return (
    <div className="job-progress" data-testid="job-progress" data-state={progress?.state ?? 'running'}>
      <div className="bar" role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={fraction === null ? undefined : Math.round(fraction * 100)}>
        <div className={fraction === null ? 'fill indeterminate' : 'fill'} style={fraction === null ? undefined : { width: `${fraction * 100}%` }} />
      </div>
      <span className="label">
        {progress?.message ?? 'Starting…'}
        {progress?.total ? ` ${progress.done}/${progress.total}` : ''}
        {progress && progress.state !== 'running' ? ` — ${progress.state}` : ''}
      </span>
      {running && (
        <button type="button" onClick={onCancel} data-testid="job-cancel">
          Cancel
        </button>
      )}
    </div>
  );
}
