/**
 * Models may keep their weights in external data files beside the .onnx: each registered
 * model records those files (relative to the project folder) with their SHA-256, as a JSON array
 * of { "path", "sha256" }. Models registered before have none.
 */
export const migration0009 = `
ALTER TABLE models ADD COLUMN data_files TEXT NOT NULL DEFAULT '[]';
`;
