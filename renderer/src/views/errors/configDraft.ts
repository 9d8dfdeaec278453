import type { ClassInfo } from '../../../../shared/contract/domain.js';
import type { MethodInput } from '../../../../shared/contract/methods.js';
import { ErrorHierarchy } from '../../../../shared/errors/classHierarchy.js';
import type { ErrorSettings } from '../../../../shared/errors/errorSettings.js';
import { checkHierarchyDraft, checkHierarchyJson, draftToHierarchy, hierarchyKey, hierarchyToDraft, type HierarchyCheck, type HierarchyDraft } from './hierarchyDraft.js';
import { checkSettings, settingsKey, settingsToText, type SettingKey, type SettingsText } from './settingFields.js';

/** What the panel edits: the hierarchy as a table (or, for power users, as JSON text) and the settings as text. */
export interface ConfigDraft {
  hierarchy: HierarchyDraft;
  /** The hierarchy as JSON while the JSON view is on; null in the table view. */
  json: string | null;
  settings: SettingsText;
}

export interface DraftCheck {
  hierarchy: ErrorHierarchy | null;
  settings: ErrorSettings | null;
  /** Row by row problems of the table (empty in the JSON view). */
  rows: Omit<HierarchyCheck, 'hierarchy' | 'problems'>;
  /** Problems of the hierarchy as a whole. */
  problems: string[];
  settingErrors: Partial<Record<SettingKey, string>>;
}

export const hierarchyJson = (hierarchy: ErrorHierarchy) => JSON.stringify(hierarchy, null, 2);

/** A draft showing a hierarchy and settings, in the view the user is in; `dropped` as in hierarchyToDraft. */
export function draftOf(
  config: { hierarchy: ErrorHierarchy; settings: ErrorSettings },
  classes: readonly ClassInfo[],
  asJson: boolean,
): { draft: ConfigDraft; dropped: string[] } {
  const { draft, dropped } = hierarchyToDraft(config.hierarchy, classes);
  return { draft: { hierarchy: draft, json: asJson ? hierarchyJson(draftToHierarchy(draft)) : null, settings: settingsToText(config.settings) }, dropped };
}

export function checkDraft(draft: ConfigDraft, classes: readonly ClassInfo[]): DraftCheck {
  const { settings, errors } = checkSettings(draft.settings);
  if (draft.json !== null) {
    const json = checkHierarchyJson(draft.json, classes);
    return { hierarchy: json.hierarchy, settings, rows: { classes: {}, aliases: [], parents: [] }, problems: json.problems, settingErrors: errors };
  }
  const { hierarchy, problems, ...rows } = checkHierarchyDraft(draft.hierarchy, classes);
  return { hierarchy, settings, rows, problems, settingErrors: errors };
}

export const canSave = (check: DraftCheck) => check.hierarchy !== null && check.settings !== null;

/** Equal for two drafts exactly when saving either would store the same (the view they are in aside). */
export function draftKey(draft: ConfigDraft): string {
  let hierarchy: string;
  if (draft.json === null) hierarchy = hierarchyKey(draftToHierarchy(draft.hierarchy));
  else {
    let parsed: ReturnType<typeof ErrorHierarchy.safeParse> | null = null;
    try {
      parsed = ErrorHierarchy.safeParse(JSON.parse(draft.json));
    } catch {
      parsed = null;
    }
    hierarchy = parsed?.success ? hierarchyKey(parsed.data) : `unreadable ${draft.json}`;
  }
  return JSON.stringify([hierarchy, settingsKey(draft.settings)]);
}

const sameSettings = (a: ErrorSettings, b: ErrorSettings) => (Object.keys(a) as SettingKey[]).every((k) => a[k] === b[k]);

/**
 * The `errors.setConfig` request for a checked draft. What equals the shipped default is sent as
 * null, so the project follows the default again (the hierarchy then tracks the project's classes).
 */
export function saveRequest(
  hierarchy: ErrorHierarchy,
  settings: ErrorSettings,
  defaults: { hierarchy: ErrorHierarchy; settings: ErrorSettings },
): MethodInput<'errors.setConfig'> {
  return {
    hierarchy: hierarchyKey(hierarchy) === hierarchyKey(defaults.hierarchy) ? null : hierarchy,
    settings: sameSettings(settings, defaults.settings) ? null : settings,
  };
}

/** Back from the JSON view to the table: the JSON must at least have the hierarchy's shape. */
export function tableFromJson(text: string, classes: readonly ClassInfo[]): { draft: HierarchyDraft; dropped: string[] } | { error: string } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { error: `not valid JSON: ${error instanceof Error ? error.message : String(error)}` };
  }
  const parsed = ErrorHierarchy.safeParse(value);
  if (!parsed.success) return { error: parsed.error.issues.map((i) => `${i.path.join('.') || 'hierarchy'}: ${i.message}`).join('; ') };
  return hierarchyToDraft(parsed.data, classes);
}
