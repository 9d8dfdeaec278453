import { useState, type FormEvent } from 'react';
import type { ModelEntry } from '../../../../shared/contract/domain.js';
import { errorMessage, useClient } from '../../hooks/clientContext.js';
import { TextField } from '../../widgets/TextField.js';

/** Batches each replica takes at once unless the user says otherwise (the CLI's default too). */
const DEFAULT_CONCURRENCY = 2;

/** Optional path fields: empty means not given. */
function given(value: string): string | undefined {
  return value.trim() === '' ? undefined : value.trim();
}

/**
 * Registers a model served over the Open Inference Protocol (KServe v2: Triton, KServe,
 * OpenVINO Model Server), as `faultline models add-remote` does: server addresses (several
 * replicas comma-separated), the served model's name and optionally its version, a card file (or
 * the card of the project's model of that name), and a bearer-token file and CA file where the
 * server wants them. The core checks readiness, metadata and a dry run; a refusal shows in full.
 */
export function AddRemoteModelForm({ readOnly, onAdded }: { readOnly: boolean; onAdded(model: ModelEntry): void }) {
  const client = useClient();
  const [urls, setUrls] = useState('');
  const [model, setModel] = useState('');
  const [modelVersion, setModelVersion] = useState('');
  const [cardPath, setCardPath] = useState('');
  const [tokenFile, setTokenFile] = useState('');
  const [caFile, setCaFile] = useState('');
  const [concurrency, setConcurrency] = useState(DEFAULT_CONCURRENCY);
  const [json, setJson] = useState(false);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [added, setAdded] = useState<string | null>(null);

  if (readOnly) return null;

  const submit = (event: FormEvent): void => {
    event.preventDefault();
    const endpoints = urls
      .split(',')
      .map((u) => u.trim())
      .filter((u) => u !== '')
      .map((url) => ({ url, concurrency }));
    setBusy(true);
    setProblem(null);
    setAdded(null);
    const optional = { modelVersion: given(modelVersion), cardPath: given(cardPath), tokenFile: given(tokenFile), caFile: given(caFile) };
    client
      .call('models.addRemote', {
        endpoints,
        model: model.trim(),
        ...Object.fromEntries(Object.entries(optional).filter(([, v]) => v !== undefined)),
        ...(json ? { json: true } : {}),
      })
      .then((entry) => {
        setAdded(`Added ${entry.name} ${entry.version}, served by ${entry.remote?.endpoints.map((e) => e.url).join(', ')} (metadata and dry run passed).`);
        setUrls('');
        setModel('');
        setModelVersion('');
        onAdded(entry);
      })
      .catch((error) => setProblem(errorMessage(error)))
      .finally(() => setBusy(false));
  };

  return (
    <form className="card" onSubmit={submit} data-testid="add-remote-form" aria-label="Add a served model">
      <h2>Add a served model</h2>
      <p className="muted">
        A model a server runs over the Open Inference Protocol (KServe v2: Triton, KServe, OpenVINO Model Server). Faultline keeps the pre- and post-processing, so its predictions
        equal a local run of the same file.
      </p>
      <div className="add-model-fields">
        <TextField id="remote-urls" label="Server addresses" value={urls} onChange={setUrls} placeholder="http://gpu-box:8000 (replicas of the same model: comma-separated)" />
        <TextField id="remote-model" label="Model name on the server" value={model} onChange={setModel} placeholder="deeplab" />
        <TextField id="remote-version" label="Version" value={modelVersion} onChange={setModelVersion} placeholder="empty: the server's choice" />
        <TextField id="remote-card" label="Card file" value={cardPath} onChange={setCardPath} placeholder="/path/to/model.card.json (empty: the card of this project's model of that name)" />
        <TextField id="remote-token" label="Bearer token file" value={tokenFile} onChange={setTokenFile} placeholder="optional: a file holding the token" />
        <TextField id="remote-ca" label="CA certificate" value={caFile} onChange={setCaFile} placeholder="optional: PEM file for an https server" />
        <div className="field">
          <label htmlFor="remote-concurrency">Batches at once per replica</label>
          <input id="remote-concurrency" type="number" min={1} max={64} value={concurrency} onChange={(e) => setConcurrency(Math.max(1, Math.min(64, Math.round(Number(e.target.value)) || 1)))} />
        </div>
      </div>
      <div className="row" style={{ alignItems: 'center', gap: 16 }}>
        <label className="check">
          <input type="checkbox" checked={json} onChange={(e) => setJson(e.target.checked)} style={{ flex: 'none' }} />
          Plain JSON tensors (servers without the binary extension)
        </label>
        <button type="submit" className="primary" disabled={busy || !urls.trim() || !model.trim()}>
          {busy ? 'Checking…' : 'Add served model'}
        </button>
      </div>
      {problem && (
        <pre className="add-model-error" role="alert" data-testid="add-remote-error">
          {problem}
        </pre>
      )}
      {added && (
        <p className="muted" role="status" data-testid="add-remote-result">
          {added}
        </p>
      )}
    </form>
  );
}
