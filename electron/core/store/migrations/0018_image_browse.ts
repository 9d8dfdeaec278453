/**
 * The Pool's sort by name: an index on the name people see (the imported path, else the
 * project's path) with the id as tie-break, so each page by name is a keyset seek, as fast on a
 * million images as on a hundred.
 */
export const migration0018 = `
CREATE INDEX images_name ON images(coalesce(source_path, rel_path), id);
`;
