import { useEffect, useState } from 'react';
import type { MethodInput } from '../../../../shared/contract/methods.js';
import type { ErrorConfigView } from '../../../../shared/contract/methods/errorMethods.js';
import { errorMessage, useClient } from '../../clientContext.js';

const pretty = (value: unknown) => JSON.stringify(value, null, 2);

/**
 * The class hierarchy, aliases and thresholds as JSON, checked by the core when saved (a cycle,
 * an unknown class, an alias to itself … come back with every reason). Changes apply to the next
 * classification run.
 */
export function ErrorConfigPanel({ onSaved }: { onSaved(): void }) {
  const client = useClient();
  const [config, setConfig] = useState<ErrorConfigView | null>(null);
  const [hierarchy, setHierarchy] = useState('');
  const [settings, setSettings] = useState('');
  const [message, setMessage] = useState<string | null>(null);

  const show = (c: ErrorConfigView) => {
    setConfig(c);
    setHierarchy(pretty(c.hierarchy));
    setSettings(pretty(c.settings));
  };

  useEffect(() => {
    client
      .call('errors.getConfig')
      .then(show)
      .catch((error) => setMessage(errorMessage(error)));
  }, [client]);

  const save = (change: MethodInput<'errors.setConfig'>) =>
    client
      .call('errors.setConfig', change)
      .then((c) => {
        show(c);
        setMessage('Saved. Classify again to apply it.');
        onSaved();
      })
      .catch((error) => setMessage(errorMessage(error)));

  const submit = () => {
    try {
      void save({ hierarchy: JSON.parse(hierarchy) as MethodInput<'errors.setConfig'>['hierarchy'], settings: JSON.parse(settings) as MethodInput<'errors.setConfig'>['settings'] });
    } catch (error) {
      setMessage(`Not valid JSON: ${errorMessage(error)}`);
    }
  };

  if (!config) return message ? <p className="muted">{message}</p> : null;
  return (
    <section className="error-config" data-testid="error-config">
      <div className="config-columns">
        <label className="field">
          <span>
            Class hierarchy and aliases {config.custom.hierarchy ? '(edited)' : '(default, from the project classes)'}
          </span>
          <textarea value={hierarchy} onChange={(e) => setHierarchy(e.target.value)} rows={16} spellCheck={false} aria-label="Class hierarchy" />
        </label>
        <label className="field">
          <span>Rule thresholds {config.custom.settings ? '(edited)' : '(defaults)'}</span>
          <textarea value={settings} onChange={(e) => setSettings(e.target.value)} rows={16} spellCheck={false} aria-label="Rule thresholds" />
        </label>
      </div>
      <div className="row">
        <button type="button" className="primary" onClick={submit} data-testid="config-save">
          Save
        </button>
        <button type="button" onClick={() => void save({ hierarchy: null, settings: null })}>
          Reset to defaults
        </button>
        {message && (
          <span className="config-message" data-testid="config-message">
            {message}
          </span>
        )}
      </div>
    </section>
  );
}
