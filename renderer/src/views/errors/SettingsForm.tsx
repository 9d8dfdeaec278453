import { DEFAULT_ERROR_SETTINGS } from '../../../../shared/errors/errorSettings.js';
import { SETTING_FIELDS, settingBounds, type SettingField, type SettingKey, type SettingsText } from './settingFields.js';

const GROUPS = [...new Set(SETTING_FIELDS.map((f) => f.group))];

function range(key: SettingKey): string {
  const { min, max } = settingBounds(key);
  if (min !== null && max !== null) return `${min}–${max}`;
  if (min !== null) return `≥ ${min}`;
  return '';
}

function SettingInput({ field, text, error, onChange }: { field: SettingField; text: string; error: string | undefined; onChange(text: string): void }) {
  const bounds = settingBounds(field.key);
  const shared = { id: `setting-${field.key}`, 'data-testid': `setting-${field.key}`, 'aria-invalid': error !== undefined, 'aria-describedby': `setting-${field.key}-note${error ? ` setting-${field.key}-error` : ''}` };
  const hint = [field.unit, range(field.key), `default ${DEFAULT_ERROR_SETTINGS[field.key]}`].filter(Boolean).join(' · ');
  return (
    <div className={`setting${error ? ' invalid' : ''}`}>
      <label htmlFor={shared.id}>{field.label}</label>
      {bounds.choices ? (
        <select {...shared} value={text} onChange={(e) => onChange(e.target.value)}>
          {bounds.choices.map((c) => (
            <option key={c} value={String(c)}>
              {c}
            </option>
          ))}
        </select>
      ) : (
        <input
          {...shared}
          type="number"
          value={text}
          step={bounds.integer ? 1 : 'any'}
          min={bounds.min ?? undefined}
          max={bounds.max ?? undefined}
          onChange={(e) => onChange(e.target.value)}
        />
      )}
      <span id={`setting-${field.key}-note`} className="muted">
        {hint}
      </span>
      {error && (
        <span id={`setting-${field.key}-error`} className="field-error" role="alert" data-testid={`setting-error-${field.key}`}>
          {error}
        </span>
      )}
    </div>
  );
}

/** The rule thresholds as labelled number fields with unit, range and default; a wrong value says why beside it. */
export function SettingsForm({ text, errors, onChange }: { text: SettingsText; errors: Partial<Record<SettingKey, string>>; onChange(text: SettingsText): void }) {
  return (
    <div className="settings-form" data-testid="settings-form">
      {GROUPS.map((group) => (
        <fieldset key={group}>
          <legend>{group}</legend>
          {SETTING_FIELDS.filter((f) => f.group === group).map((field) => (
            <SettingInput key={field.key} field={field} text={text[field.key]} error={errors[field.key]} onChange={(t) => onChange({ ...text, [field.key]: t })} />
          ))}
        </fieldset>
      ))}
    </div>
  );
}
