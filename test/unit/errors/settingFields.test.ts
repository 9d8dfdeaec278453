import { describe, expect, it } from 'vitest';
import { DEFAULT_ERROR_SETTINGS, ErrorSettings } from '../../../shared/errors/errorSettings.js';
import { SETTING_FIELDS, checkSetting, checkSettings, settingBounds, settingsKey, settingsToText } from '../../../renderer/src/views/errors/settingFields.js';

describe('the settings fields', () => {
  it('lists every setting of the schema once, each with a label and a unit', () => {
    expect(SETTING_FIELDS.map((f) => f.key).sort()).toEqual(Object.keys(ErrorSettings.shape).sort());
    for (const f of SETTING_FIELDS) {
      expect(f.label).not.toBe('');
      expect(f.unit).not.toBe('');
    }
  });

  it('reads the allowed range of a setting from the contract’s schema', () => {
    expect(settingBounds('ignoreShare')).toEqual({ min: 0, max: 1, integer: false, choices: null });
    expect(settingBounds('boundaryBand')).toEqual({ min: 0, max: 0.25, integer: false, choices: null });
    expect(settingBounds('contextLift')).toEqual({ min: 0, max: null, integer: false, choices: null });
    expect(settingBounds('minRegionPixels')).toEqual({ min: 1, max: 1_000_000, integer: true, choices: null });
    expect(settingBounds('connectivity').choices).toEqual([4, 8]);
  });
});

describe('checking one setting', () => {
  it('accepts a value in range, surrounding spaces and all', () => {
    expect(checkSetting('fineGrainedShare', ' 0.6 ')).toEqual({ value: 0.6, error: null });
    expect(checkSetting('atypicalMinRegions', '2')).toEqual({ value: 2, error: null });
  });

  it('says why a value is refused', () => {
    expect(checkSetting('ignoreShare', '1.5').error).toBe('must be at most 1');
    expect(checkSetting('boundaryBand', '0.3').error).toBe('must be at most 0.25');
    expect(checkSetting('contextLift', '-1').error).toBe('must be at least 0');
    expect(checkSetting('atypicalMinRegions', '1').error).toBe('must be at least 2');
    expect(checkSetting('minRegionPixels', '2.5').error).toBe('must be a whole number');
    expect(checkSetting('connectivity', '6').error).toBe('must be 4 or 8');
    expect(checkSetting('ignoreShare', '').error).toBe('a number is needed');
    expect(checkSetting('ignoreShare', 'abc').error).toBe('not a number');
  });
});

describe('checking all settings', () => {
  it('gives the settings back from their own text', () => {
    expect(checkSettings(settingsToText(DEFAULT_ERROR_SETTINGS))).toEqual({ settings: { ...DEFAULT_ERROR_SETTINGS }, errors: {} });
  });

  it('gives no settings and each field’s error when any field is wrong', () => {
    const text = { ...settingsToText(DEFAULT_ERROR_SETTINGS), missedRecall: '2', minRegionPixels: '0' };
    expect(checkSettings(text)).toEqual({ settings: null, errors: { missedRecall: 'must be at most 1', minRegionPixels: 'must be at least 1' } });
  });

  it('keys texts by value, so "0.50" equals "0.5" but not "0.6"', () => {
    const text = settingsToText(DEFAULT_ERROR_SETTINGS);
    expect(settingsKey({ ...text, ignoreShare: '0.50' })).toBe(settingsKey(text));
    expect(settingsKey({ ...text, ignoreShare: '0.6' })).not.toBe(settingsKey(text));
    expect(settingsKey({ ...text, ignoreShare: '' })).not.toBe(settingsKey(text));
  });
});
