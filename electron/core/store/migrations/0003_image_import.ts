/**
 * Image import. `images.source_path` keeps where an image came from (relative to the imported
 * folder), since `rel_path` now names the copy inside the project. An import failure is keyed by
 * folder, path and kind, so re-running an import updates its failures instead of repeating them;
 * `run_id` lets a run list its own failures.
 */
export const migration0003 = `
ALTER TABLE images ADD COLUMN source_path TEXT;

ALTER TABLE import_failures ADD COLUMN folder TEXT NOT NULL DEFAULT '';
ALTER TABLE import_failures ADD COLUMN kind TEXT NOT NULL DEFAULT 'image' CHECK (kind IN ('image', 'mask'));
ALTER TABLE import_failures ADD COLUMN code TEXT NOT NULL DEFAULT 'corrupt';
ALTER TABLE import_failures ADD COLUMN run_id TEXT;
CREATE UNIQUE INDEX import_failures_source ON import_failures(folder, rel_path, kind);
CREATE INDEX import_failures_run ON import_failures(run_id, id);
`;
