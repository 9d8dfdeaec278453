/**
 * A trigram index of the name people see (the imported path, else the project's path), so a
 * Pool search for a rare text finds its few images at once instead of reading every name in
 * sort order. Contentless: the names stay only in `images`; triggers keep the index in step with
 * every insert, rename and delete, whoever makes them.
 */
export const migration0019 = `
CREATE VIRTUAL TABLE image_names USING fts5(name, content='', contentless_delete=1, tokenize='trigram');
INSERT INTO image_names(rowid, name) SELECT id, lower(coalesce(source_path, rel_path)) FROM images;
CREATE TRIGGER image_names_insert AFTER INSERT ON images BEGIN
  INSERT INTO image_names(rowid, name) VALUES (new.id, lower(coalesce(new.source_path, new.rel_path)));
END;
CREATE TRIGGER image_names_delete AFTER DELETE ON images BEGIN
  DELETE FROM image_names WHERE rowid = old.id;
END;
CREATE TRIGGER image_names_rename AFTER UPDATE OF source_path, rel_path ON images BEGIN
  DELETE FROM image_names WHERE rowid = old.id;
  INSERT INTO image_names(rowid, name) VALUES (new.id, lower(coalesce(new.source_path, new.rel_path)));
END;
`;
