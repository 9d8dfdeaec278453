/**
 * Models served over the Open Inference Protocol (KServe v2): where their replicas are and how
 * to reach them (token and CA are files named here, never their contents), and, per prediction
 * a remote model made, which replica and served version computed it. Sources are a small table
 * of distinct (endpoint, version) pairs so each prediction carries one integer.
 */
export const migration0016 = `
CREATE TABLE remote_models (
  model_id        INTEGER PRIMARY KEY REFERENCES models(id) ON DELETE CASCADE,
  served_name     TEXT NOT NULL,
  served_version  TEXT,
  endpoints       TEXT NOT NULL,
  token_file      TEXT,
  ca_file         TEXT,
  binary_data     INTEGER NOT NULL DEFAULT 1,
  tensor_batch    INTEGER
);

CREATE TABLE inference_sources (
  id             INTEGER PRIMARY KEY,
  endpoint       TEXT NOT NULL,
  model_version  TEXT NOT NULL,
  UNIQUE (endpoint, model_version)
);

CREATE TABLE prediction_sources (
  model_id   INTEGER NOT NULL REFERENCES models(id) ON DELETE CASCADE,
  image_id   INTEGER NOT NULL,
  source_id  INTEGER NOT NULL REFERENCES inference_sources(id),
  PRIMARY KEY (model_id, image_id)
) WITHOUT ROWID;
`;
