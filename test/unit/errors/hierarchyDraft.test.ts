import { describe, expect, it } from 'vitest';
import type { ClassInfo } from '../../../shared/contract/domain.js';
import { defaultHierarchy, type ErrorHierarchy } from '../../../shared/errors/classHierarchy.js';
import { DEMO_CLASSES } from '../../../models/demo/classes.js';
import {
  checkHierarchyDraft,
  checkHierarchyJson,
  draftToHierarchy,
  hierarchyKey,
  hierarchyToDraft,
  superclassNames,
  type HierarchyDraft,
} from '../../../renderer/src/views/errors/hierarchyDraft.js';

const CLASSES: ClassInfo[] = [
  { id: 0, name: 'background', color: '#000000', superclass: null },
  { id: 1, name: 'road', color: '#804080', superclass: 'flat' },
  { id: 2, name: 'car', color: '#00008e', superclass: 'vehicle' },
  { id: 3, name: 'truck', color: '#000046', superclass: 'vehicle' },
  { id: 4, name: 'van', color: '#000070', superclass: null },
];

const HIERARCHY: ErrorHierarchy = {
  superclasses: { road: 'flat', car: 'vehicle', truck: 'vehicle' },
  parents: { vehicle: 'object' },
  aliases: { car: ['van'], truck: ['van', 'car'] },
  stuff: ['road'],
  background: ['background'],
};

const tableOf = (h: ErrorHierarchy) => hierarchyToDraft(h, CLASSES).draft;

describe('the hierarchy as a table', () => {
  it('gives one row per project class, in class order, with superclass, stuff and background', () => {
    const { draft, dropped } = hierarchyToDraft(HIERARCHY, CLASSES);
    expect(dropped).toEqual([]);
    expect(draft.classes.map((r) => [r.name, r.color, r.superclass, r.stuff, r.background])).toEqual([
      ['background', '#000000', '', false, true],
      ['road', '#804080', 'flat', true, false],
      ['car', '#00008e', 'vehicle', false, false],
      ['truck', '#000046', 'vehicle', false, false],
      ['van', '#000070', '', false, false],
    ]);
    expect(draft.aliases).toEqual([
      { alias: 'van', target: 'car' },
      { alias: 'van', target: 'truck' },
      { alias: 'car', target: 'truck' },
    ]);
    expect(draft.parents).toEqual([{ child: 'vehicle', parent: 'object' }]);
  });

  it('turns the table back into the same hierarchy', () => {
    expect(draftToHierarchy(tableOf(HIERARCHY))).toEqual(HIERARCHY);
  });

  it('round-trips the demo world’s default hierarchy', () => {
    const classes = DEMO_CLASSES.map((c) => ({ ...c }));
    const h = defaultHierarchy(classes);
    expect(draftToHierarchy(hierarchyToDraft(h, classes).draft)).toEqual(h);
  });

  it('reports the names of classes the project no longer has, which the table cannot hold', () => {
    const stale: ErrorHierarchy = { ...HIERARCHY, superclasses: { ...HIERARCHY.superclasses, bus: 'vehicle' }, stuff: ['road', 'sky'], background: ['background', 'sky'] };
    const { draft, dropped } = hierarchyToDraft(stale, CLASSES);
    expect(dropped.sort()).toEqual(['bus', 'sky']);
    expect(draftToHierarchy(draft)).toEqual(HIERARCHY);
  });

  it('trims names, leaves a blank superclass out and ignores wholly empty pair rows', () => {
    const draft = tableOf(HIERARCHY);
    draft.classes[2]!.superclass = '  car-like ';
    draft.classes[3]!.superclass = '   ';
    draft.aliases.push({ alias: '', target: ' ' });
    draft.parents.push({ child: '', parent: '' });
    const h = draftToHierarchy(draft);
    expect(h.superclasses).toEqual({ road: 'flat', car: 'car-like' });
    expect(h.aliases).toEqual(HIERARCHY.aliases);
    expect(h.parents).toEqual(HIERARCHY.parents);
  });

  it('suggests every superclass in use once, sorted, parents included', () => {
    const draft = tableOf(HIERARCHY);
    expect(superclassNames(draft)).toEqual(['flat', 'object', 'vehicle']);
  });
});

describe('the hierarchy key', () => {
  it('is the same whatever the order of entries and alias lists', () => {
    const shuffled: ErrorHierarchy = {
      superclasses: { truck: 'vehicle', car: 'vehicle', road: 'flat' },
      parents: { vehicle: 'object' },
      aliases: { truck: ['car', 'van'], car: ['van'] },
      stuff: ['road'],
      background: ['background'],
    };
    expect(hierarchyKey(shuffled)).toBe(hierarchyKey(HIERARCHY));
  });

  it('differs when any superclass, alias or flag differs', () => {
    const base = hierarchyKey(HIERARCHY);
    expect(hierarchyKey({ ...HIERARCHY, superclasses: { ...HIERARCHY.superclasses, car: 'auto' } })).not.toBe(base);
    expect(hierarchyKey({ ...HIERARCHY, aliases: { car: ['van'] } })).not.toBe(base);
    expect(hierarchyKey({ ...HIERARCHY, stuff: [] })).not.toBe(base);
    expect(hierarchyKey({ ...HIERARCHY, background: [] })).not.toBe(base);
  });

  it('treats an empty alias list like no entry', () => {
    expect(hierarchyKey({ ...HIERARCHY, aliases: { ...HIERARCHY.aliases, road: [] } })).toBe(hierarchyKey(HIERARCHY));
  });
});

describe('checking a table', () => {
  const edited = (change: (d: HierarchyDraft) => void) => {
    const draft = tableOf(HIERARCHY);
    change(draft);
    return checkHierarchyDraft(draft, CLASSES);
  };

  it('accepts a valid table and gives the hierarchy to save', () => {
    const check = edited(() => undefined);
    expect(check.hierarchy).toEqual(HIERARCHY);
    expect(check.problems).toEqual([]);
    expect(check.aliases).toEqual([null, null, null]);
  });

  it('flags a class that is both stuff and background on its row', () => {
    const check = edited((d) => (d.classes[1]!.background = true));
    expect(check.classes).toEqual({ road: 'cannot be both stuff and background' });
    expect(check.hierarchy).toBeNull();
  });

  it('flags each bad alias row with its reason', () => {
    const check = edited((d) => {
      d.aliases.push({ alias: 'van', target: '' }, { alias: 'car', target: 'car' }, { alias: 'bus', target: 'car' }, { alias: 'van', target: 'car' }, { alias: '', target: '' });
    });
    expect(check.aliases).toEqual([null, null, null, 'choose both classes', 'a class cannot be an alias of itself', '"bus" is not a project class', 'listed twice', null]);
    expect(check.hierarchy).toBeNull();
  });

  it('flags a half-filled parent row, a self-parent and a second parent for the same superclass', () => {
    const check = edited((d) => {
      d.parents.push({ child: 'flat', parent: '' }, { child: 'object', parent: 'object' }, { child: 'vehicle', parent: 'thing' });
    });
    expect(check.parents).toEqual([null, 'name both superclasses', 'a superclass cannot be its own parent', '"vehicle" already has a parent']);
  });

  it('reports a superclass cycle as the core would', () => {
    const check = edited((d) => d.parents.push({ child: 'object', parent: 'vehicle' }));
    expect(check.parents).toEqual([null, null]);
    expect(check.problems).toEqual(['parents: superclass cycle object → vehicle → object']);
    expect(check.hierarchy).toBeNull();
  });
});

describe('checking the JSON view', () => {
  it('accepts a valid hierarchy with the defaults filled in', () => {
    const check = checkHierarchyJson('{"superclasses": {"car": "vehicle"}}', CLASSES);
    expect(check.problems).toEqual([]);
    expect(check.hierarchy).toEqual({ superclasses: { car: 'vehicle' }, parents: {}, aliases: {}, stuff: [], background: [] });
  });

  it('says why text is not JSON, has the wrong shape, or names unknown classes', () => {
    expect(checkHierarchyJson('{"superclasses": ', CLASSES).problems[0]).toMatch(/^not valid JSON/);
    expect(checkHierarchyJson('{"superclass": {}}', CLASSES).problems).toHaveLength(1);
    const unknown = checkHierarchyJson('{"stuff": ["sky"]}', CLASSES);
    expect(unknown.hierarchy).toBeNull();
    expect(unknown.problems[0]).toContain('"sky" is not a project class');
  });
});
