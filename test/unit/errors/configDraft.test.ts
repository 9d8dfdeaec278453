import { describe, expect, it } from 'vitest';
import type { ClassInfo } from '../../../shared/contract/domain.js';
import { defaultHierarchy } from '../../../shared/errors/classHierarchy.js';
import { DEFAULT_ERROR_SETTINGS } from '../../../shared/errors/errorSettings.js';
import { DEMO_CLASSES } from '../../../models/demo/classes.js';
import { canSave, checkDraft, draftKey, draftOf, hierarchyJson, saveRequest, tableFromJson } from '../../../renderer/src/views/errors/configDraft.js';
import { draftToHierarchy } from '../../../renderer/src/views/errors/hierarchyDraft.js';

const CLASSES: ClassInfo[] = DEMO_CLASSES.map((c) => ({ ...c }));
const DEFAULTS = { hierarchy: defaultHierarchy(CLASSES), settings: { ...DEFAULT_ERROR_SETTINGS } };

describe('the configuration draft', () => {
  it('is saveable as loaded and asks to store nothing custom for the defaults', () => {
    const { draft } = draftOf(DEFAULTS, CLASSES, false);
    const check = checkDraft(draft, CLASSES);
    expect(canSave(check)).toBe(true);
    expect(saveRequest(check.hierarchy!, check.settings!, DEFAULTS)).toEqual({ hierarchy: null, settings: null });
  });

  it('sends a changed superclass and changed settings, and only what differs from the default', () => {
    const { draft } = draftOf(DEFAULTS, CLASSES, false);
    draft.hierarchy.classes.find((c) => c.name === 'person')!.superclass = 'human';
    const check = checkDraft(draft, CLASSES);
    const request = saveRequest(check.hierarchy!, check.settings!, DEFAULTS);
    expect(request.hierarchy!.superclasses).toEqual({ ...DEFAULTS.hierarchy.superclasses, person: 'human' });
    expect(request.settings).toBeNull();

    const tuned = checkDraft({ ...draft, settings: { ...draft.settings, fineGrainedShare: '0.6' } }, CLASSES);
    expect(saveRequest(tuned.hierarchy!, tuned.settings!, DEFAULTS).settings).toEqual({ ...DEFAULT_ERROR_SETTINGS, fineGrainedShare: 0.6 });
  });

  it('cannot be saved with a bad number, and says which field and why', () => {
    const { draft } = draftOf(DEFAULTS, CLASSES, false);
    const check = checkDraft({ ...draft, settings: { ...draft.settings, contextShare: '1.2' } }, CLASSES);
    expect(canSave(check)).toBe(false);
    expect(check.settingErrors).toEqual({ contextShare: 'must be at most 1' });
  });

  it('cannot be saved with a bad table row', () => {
    const { draft } = draftOf(DEFAULTS, CLASSES, false);
    draft.hierarchy.aliases.push({ alias: 'person', target: '' });
    const check = checkDraft(draft, CLASSES);
    expect(canSave(check)).toBe(false);
    expect(check.rows.aliases).toEqual(['choose both classes']);
  });

  it('has the same key in the table and the JSON view, and a new key once edited', () => {
    const table = draftOf(DEFAULTS, CLASSES, false).draft;
    const json = draftOf(DEFAULTS, CLASSES, true).draft;
    expect(json.json).toBe(hierarchyJson(DEFAULTS.hierarchy));
    expect(draftKey(json)).toBe(draftKey(table));
    expect(draftKey({ ...json, json: json.json!.replace('"object"', '"thing"') })).not.toBe(draftKey(table));
    expect(draftKey({ ...json, json: '{' })).not.toBe(draftKey(table));
    expect(draftKey({ ...table, settings: { ...table.settings, atypicalSigma: '3.0' } })).toBe(draftKey(table));
  });

  it('checks the JSON view as a whole, with no row problems', () => {
    const json = draftOf(DEFAULTS, CLASSES, true).draft;
    const check = checkDraft({ ...json, json: '{"stuff": ["sky"], "background": ["sky"]}' }, CLASSES);
    expect(check.hierarchy).toBeNull();
    expect(check.problems).toEqual(['"sky" cannot be both stuff and background']);
    expect(check.rows).toEqual({ classes: {}, aliases: [], parents: [] });
  });

  it('goes back from JSON to the table only when the JSON has the hierarchy’s shape', () => {
    expect(tableFromJson('{"superclasses": {"person": 3}}', CLASSES)).toHaveProperty('error');
    expect(tableFromJson('nope', CLASSES)).toHaveProperty('error');
    const back = tableFromJson('{"superclasses": {"person": "human", "bus": "vehicle"}, "stuff": ["sky"]}', CLASSES);
    if ('error' in back) throw new Error(back.error);
    expect(back.dropped).toEqual(['bus']);
    expect(draftToHierarchy(back.draft)).toEqual({ superclasses: { person: 'human' }, parents: {}, aliases: {}, stuff: ['sky'], background: [] });
  });
});
