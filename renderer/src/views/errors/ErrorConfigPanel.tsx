import { useCallback, useEffect, useId, useMemo, useState } from 'react';
import type { ClassInfo } from '../../../../shared/contract/domain.js';
import type { ErrorConfigView } from '../../../../shared/contract/methods/errorMethods.js';
import { errorMessage, useClient } from '../../hooks/clientContext.js';
import { canSave, checkDraft, draftKey, draftOf, hierarchyJson, saveRequest, tableFromJson, type ConfigDraft } from './configDraft.js';
import { HierarchyTable } from './HierarchyTable.js';
import { draftToHierarchy, superclassNames, type AliasRow, type ParentRow } from './hierarchyDraft.js';
import { PairRows } from './PairRows.js';
import { SettingsForm } from './SettingsForm.js';
import { useLeaveGuard } from './useLeaveGuard.js';
import { useWindowKeys } from '../../hooks/useWindowKeys.js';

export const LEAVE_QUESTION = 'The class hierarchy and thresholds have unsaved changes. Leave without saving them?';

interface Loaded {
  config: ErrorConfigView;
  classes: ClassInfo[];
  /** The draft as loaded or last saved: what Reset returns to and what "unsaved" compares against. */
  base: ConfigDraft;
  /** Names the stored hierarchy gives that are no longer project classes (saving leaves them out). */
  dropped: string[];
}

const loadedFrom = (config: ErrorConfigView, classes: ClassInfo[]): Loaded => {
  const { draft, dropped } = draftOf(config, classes, false);
  return { config, classes, base: draft, dropped };
};

/**
 * The class hierarchy, aliases and rule thresholds, edited as a table per project class and
 * labelled fields (JSON for the hierarchy on request), checked as they are typed by the same
 * schemas and rules the core applies. Changes apply to the next classification run.
 */
export function ErrorConfigPanel({ onSaved, onDirtyChange }: { onSaved(): void; onDirtyChange(dirty: boolean): void }) {
  const client = useClient();
  const superclassList = useId();
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [draft, setDraft] = useState<ConfigDraft | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    let live = true;
    Promise.all([client.call('errors.getConfig'), client.call('classes.list')])
      .then(([config, classes]) => {
        if (!live) return;
        const next = loadedFrom(config, classes);
        setLoaded(next);
        setDraft(next.base);
      })
      .catch((error) => live && setMessage(errorMessage(error)));
    return () => {
      live = false;
    };
  }, [client]);

  const check = useMemo(() => (draft && loaded ? checkDraft(draft, loaded.classes) : null), [draft, loaded]);
  const dirty = useMemo(() => (draft && loaded ? draftKey(draft) !== draftKey(loaded.base) : false), [draft, loaded]);
  useEffect(() => onDirtyChange(dirty), [dirty, onDirtyChange]);
  useLeaveGuard(dirty, LEAVE_QUESTION);
  const ready = check !== null && canSave(check) && !saving && (dirty || (loaded?.dropped.length ?? 0) > 0);

  const save = useCallback(() => {
    if (!ready || !loaded || !draft || !check?.hierarchy || !check.settings) return;
    setSaving(true);
    client
      .call('errors.setConfig', saveRequest(check.hierarchy, check.settings, loaded.config.defaults))
      .then((config) => {
        const next = loadedFrom(config, loaded.classes);
        setLoaded(next);
        setDraft(draftOf(config, loaded.classes, draft.json !== null).draft);
        setMessage('Saved. Classify again to apply it.');
        onSaved();
      })
      .catch((error) => setMessage(errorMessage(error)))
      .finally(() => setSaving(false));
  }, [ready, loaded, draft, check, client, onSaved]);

  useWindowKeys((event) => {
    if ((event.ctrlKey || event.metaKey) && !event.altKey && !event.shiftKey && event.key.toLowerCase() === 's') {
      event.preventDefault();
      save();
    }
  });

  if (!loaded || !draft || !check) return message ? <p className="muted">{message}</p> : null;

  const show = (next: ConfigDraft, note: string | null) => {
    setDraft(next);
    setMessage(note);
  };
  const edit = (change: Partial<ConfigDraft>) => show({ ...draft, ...change }, null);
  const editHierarchy = (change: Partial<ConfigDraft['hierarchy']>) => edit({ hierarchy: { ...draft.hierarchy, ...change } });
  const asJson = draft.json !== null;
  const toggleJson = () => {
    if (draft.json === null) return edit({ json: hierarchyJson(draftToHierarchy(draft.hierarchy)) });
    const table = tableFromJson(draft.json, loaded.classes);
    if ('error' in table) return setMessage(`Fix the JSON before going back to the table: ${table.error}`);
    show({ ...draft, hierarchy: table.draft, json: null }, table.dropped.length ? `Left out, not project classes: ${table.dropped.join(', ')}.` : null);
  };
  const classNames = loaded.classes.map((c) => c.name);

  return (
    <section className="error-config" data-testid="error-config" data-dirty={dirty ? 'yes' : 'no'}>
      <div className="row config-head">
        <h2>Hierarchy &amp; thresholds</h2>
        {dirty && (
          <span className="badge warn" data-testid="config-dirty">
            unsaved changes
          </span>
        )}
        <span className="spacer" />
        <label className="check" title="Edit the hierarchy as JSON">
          <input type="checkbox" checked={asJson} onChange={toggleJson} data-testid="config-json-toggle" /> JSON
        </label>
        <button type="button" className="primary" onClick={save} disabled={!ready} data-testid="config-save" title="Ctrl+S">
          Save
        </button>
        <button type="button" onClick={() => show({ ...loaded.base, json: asJson ? hierarchyJson(draftToHierarchy(loaded.base.hierarchy)) : null }, null)} disabled={!dirty} data-testid="config-reset">
          Reset
        </button>
        <button
          type="button"
          onClick={() => show(draftOf(loaded.config.defaults, loaded.classes, asJson).draft, 'Defaults loaded: Save to keep them.')}
          data-testid="config-defaults"
        >
          Restore defaults
        </button>
      </div>
      <p className="muted config-state">
        In force: {loaded.config.custom.hierarchy ? 'an edited hierarchy' : 'the default hierarchy (from the project classes)'},{' '}
        {loaded.config.custom.settings ? 'edited thresholds' : 'the default thresholds'}. Changes apply to the next classification run.
      </p>
      {message && (
        <p className="config-message" data-testid="config-message">
          {message}
        </p>
      )}
      {loaded.dropped.length > 0 && (
        <p className="field-error">The stored hierarchy names classes the project no longer has ({loaded.dropped.join(', ')}); saving leaves them out.</p>
      )}
      {check.problems.length > 0 && (
        <ul className="config-problems field-error" data-testid="config-problems">
          {check.problems.map((p) => (
            <li key={p}>{p}</li>
          ))}
        </ul>
      )}
      <datalist id={superclassList}>
        {superclassNames(draft.hierarchy).map((name) => (
          <option key={name} value={name} />
        ))}
      </datalist>
      {asJson ? (
        <textarea className="hierarchy-json" value={draft.json ?? ''} onChange={(e) => edit({ json: e.target.value })} rows={16} spellCheck={false} aria-label="Class hierarchy as JSON" />
      ) : (
        <div className="config-columns">
          <div>
            <h3>Classes</h3>
            <HierarchyTable draft={draft.hierarchy} problems={check.rows.classes} superclassList={superclassList} onChange={(hierarchy) => edit({ hierarchy })} />
          </div>
          <div>
            <h3>Aliases</h3>
            <PairRows<AliasRow>
              rows={draft.hierarchy.aliases}
              columns={[
                { header: 'Alias (accepted prediction)', label: (i) => `Alias ${i + 1}`, choices: classNames },
                { header: 'Class (the truth)', label: (i) => `Class of alias ${i + 1}`, choices: classNames },
              ]}
              get={(r) => [r.alias, r.target]}
              set={(r, side, value) => (side === 0 ? { ...r, alias: value } : { ...r, target: value })}
              empty={{ alias: '', target: '' }}
              problems={check.rows.aliases}
              noun="alias"
              testId="alias-rows"
              onChange={(aliases) => editHierarchy({ aliases })}
            />
            <h3>Superclass parents</h3>
            <PairRows<ParentRow>
              rows={draft.hierarchy.parents}
              columns={[
                { header: 'Superclass', label: (i) => `Superclass ${i + 1}`, suggestions: superclassList },
                { header: 'Coarser superclass', label: (i) => `Parent of superclass ${i + 1}`, suggestions: superclassList },
              ]}
              get={(r) => [r.child, r.parent]}
              set={(r, side, value) => (side === 0 ? { ...r, child: value } : { ...r, parent: value })}
              empty={{ child: '', parent: '' }}
              problems={check.rows.parents}
              noun="parent"
              testId="parent-rows"
              onChange={(parents) => editHierarchy({ parents })}
            />
          </div>
        </div>
      )}
      <h3>Rule thresholds</h3>
      <SettingsForm text={draft.settings} errors={check.settingErrors} onChange={(settings) => edit({ settings })} />
    </section>
  );
}
