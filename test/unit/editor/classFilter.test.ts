import { describe, expect, it } from 'vitest';
import { filterClasses } from '../../../renderer/src/editor/classFilter.js';

const CLASSES = [
  { name: 'road', superclass: 'flat' },
  { name: 'sidewalk', superclass: 'flat' },
  { name: 'traffic sign', superclass: 'object' },
  { name: 'traffic light', superclass: 'object' },
  { name: 'sign_post', superclass: null },
  { name: 'rider', superclass: 'human' },
];

const names = (query: string) => filterClasses(CLASSES, query).map((c) => c.name);

describe('filterClasses', () => {
  it('keeps every class, in legend order, for an empty or blank query', () => {
    expect(names('')).toEqual(CLASSES.map((c) => c.name));
    expect(names('  ')).toEqual(CLASSES.map((c) => c.name));
  });

  it('ranks name prefixes, then word prefixes, then substrings and superclasses', () => {
    // "sign_post" starts with "sign"; "traffic sign" has a word starting with it; none contains it otherwise.
    expect(names('sign')).toEqual(['sign_post', 'traffic sign']);
    // "rider" starts with "r"; "road" too (legend order); "traffic light" has no r-word but contains "r"; "sidewalk" has no r.
    expect(names('r')).toEqual(['road', 'rider', 'traffic sign', 'traffic light']);
    expect(names('human')).toEqual(['rider']);
  });

  it('ignores case and finds nothing for an unknown name', () => {
    expect(names('LIGHT')).toEqual(['traffic light']);
    expect(names('zebra')).toEqual([]);
  });
});
