import { describe, expect, it } from 'vitest';
import { parseBoundsOption, resolveClass } from '../../../electron/cli/classOptions.js';

const classes = [
  { id: 0, name: 'background' },
  { id: 1, name: 'Person' },
  { id: 7, name: 'car' },
];

describe('class options of the CLI', () => {
  it('names a class by name in any case or by id, and lists the classes when it does not exist', () => {
    expect(resolveClass('person', classes, '--background')).toBe(1);
    expect(resolveClass(' 7 ', classes, '--background')).toBe(7);
    expect(() => resolveClass('3', classes, '--background')).toThrow('--background: the project has no class "3"; its classes are background (0), Person (1), car (7).');
  });

  it('reads --bounds as fractions or percentages per class', () => {
    expect(parseBoundsOption('person=5%:40%, car=0.01:0.2', classes)).toEqual([
      { classId: 1, min: 0.05, max: 0.4 },
      { classId: 7, min: 0.01, max: 0.2 },
    ]);
  });

  it('refuses what it cannot read, saying how to write it', () => {
    expect(() => parseBoundsOption('person=5%', classes)).toThrow('is not CLASS=LO:HI (for example person=5%:40%)');
    expect(() => parseBoundsOption('person=50%:5%', classes)).toThrow('the lower bound 50% exceeds the upper 5%');
    expect(() => parseBoundsOption('person=0:150%', classes)).toThrow('"150%" is not an area share');
    expect(() => parseBoundsOption('car=0:1,7=0:1', classes)).toThrow('7 is given twice');
    expect(() => parseBoundsOption(' , ', classes)).toThrow('give at least one');
  });
});
