import { FaultlineError } from '../../../shared/contract/errors.js';
import { HierarchyError, compileHierarchy, defaultHierarchy, ErrorHierarchy, type CompiledHierarchy, type ErrorHierarchyInput } from '../../../shared/errors/classHierarchy.js';
import { DEFAULT_ERROR_SETTINGS, ErrorSettingsPatch, withSettings, type ErrorSettings } from '../../../shared/errors/errorSettings.js';
import type { Db } from '../store/openProjectDb.js';
import { listClasses } from '../store/classes.js';
import { storedErrorHierarchy, storedErrorSettings, writeErrorConfigParts } from '../store/errorRuns.js';

export interface ErrorConfig {
  hierarchy: ErrorHierarchy;
  settings: ErrorSettings;
  defaults: { hierarchy: ErrorHierarchy; settings: ErrorSettings };
  custom: { hierarchy: boolean; settings: boolean };
}

function invalid(error: unknown): never {
  if (error instanceof HierarchyError) throw new FaultlineError('invalid_input', error.message);
  throw error;
}

/** The hierarchy and settings in force: the user's where set, else the defaults (the hierarchy from the project's classes). */
export function readErrorConfig(db: Db): ErrorConfig {
  const defaults = { hierarchy: defaultHierarchy(listClasses(db)), settings: { ...DEFAULT_ERROR_SETTINGS } };
  const storedHierarchy = storedErrorHierarchy(db);
  const storedSettings = storedErrorSettings(db);
  return {
    hierarchy: storedHierarchy ?? defaults.hierarchy,
    settings: withSettings(storedSettings ?? {}),
    defaults,
    custom: { hierarchy: storedHierarchy !== undefined, settings: storedSettings !== undefined },
  };
}

/**
 * Stores a new hierarchy (checked against the project's classes) and settings changes (merged
 * into earlier ones); null puts either back to the default. Nothing is stored when anything is wrong.
 */
export function writeErrorConfig(db: Db, change: { hierarchy?: ErrorHierarchyInput | null; settings?: ErrorSettingsPatch | null }): ErrorConfig {
  const classes = listClasses(db);
  let hierarchy: ErrorHierarchy | null | undefined;
  if (change.hierarchy !== undefined && change.hierarchy !== null) {
    try {
      compileHierarchy(change.hierarchy, classes);
    } catch (error) {
      invalid(error);
    }
    hierarchy = ErrorHierarchy.parse(change.hierarchy);
  } else hierarchy = change.hierarchy;
  let settings: ErrorSettingsPatch | null | undefined = change.settings;
  if (settings) {
    const parsed = ErrorSettingsPatch.safeParse(settings);
    if (!parsed.success) {
      throw new FaultlineError('invalid_input', `The error settings are not valid: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'settings'}: ${i.message}`).join('; ')}.`);
    }
    settings = { ...storedErrorSettings(db), ...parsed.data };
  }
  writeErrorConfigParts(db, { hierarchy, settings });
  return readErrorConfig(db);
}

/** The configuration compiled for the rules; a stored hierarchy that no longer fits the classes is refused with its reasons. */
export function compiledErrorConfig(db: Db): { config: ErrorConfig; hierarchy: CompiledHierarchy } {
  const config = readErrorConfig(db);
  try {
    return { config, hierarchy: compileHierarchy(config.hierarchy, listClasses(db)) };
  } catch (error) {
    if (error instanceof HierarchyError) {
      throw new FaultlineError('invalid_input', `${error.message} Edit the hierarchy in the Errors view, or reset it to the default.`);
    }
    throw error;
  }
}
