import { describe, expect, it } from 'vitest';
import { DEMO_CLASSES } from '../../../models/demo/classes.js';
import { HierarchyError, compileHierarchy, defaultHierarchy, type ErrorHierarchyInput } from '../../../shared/errors/classHierarchy.js';
import { C, CLASSES, K } from './errorWorld.js';

function problemsOf(input: ErrorHierarchyInput): string[] {
  try {
    compileHierarchy(input, CLASSES);
  } catch (error) {
    expect(error).toBeInstanceOf(HierarchyError);
    return (error as HierarchyError).problems;
  }
  throw new Error('expected the hierarchy to be refused');
}

describe('class hierarchy and alias map', () => {
  it('ships the demo world’s superclasses, stuff and background as the default', () => {
    const h = defaultHierarchy(DEMO_CLASSES);
    expect(h.superclasses).toEqual({
      background: 'void',
      sky: 'sky',
      road: 'flat',
      sidewalk: 'flat',
      building: 'construction',
      vegetation: 'nature',
      vehicle: 'object',
      person: 'object',
    });
    expect(h.stuff).toEqual(['sky', 'road', 'sidewalk', 'building', 'vegetation']);
    expect(h.background).toEqual(['background']);
    const compiled = compileHierarchy(h, DEMO_CLASSES);
    const n = compiled.numClasses;
    expect(compiled.sameGroup[6 * n + 7]).toBe(1);
    expect(compiled.sameGroup[2 * n + 3]).toBe(1);
    expect(compiled.sameGroup[2 * n + 6]).toBe(0);
    expect(compiled.sameGroup[1 * n + 1]).toBe(0);
  });

  it('joins classes through coarser superclasses', () => {
    const flat = compileHierarchy({ superclasses: { car: 'vehicle', person: 'human' } }, CLASSES);
    expect(flat.sameGroup[C.car * K + C.person]).toBe(0);
    const deep = compileHierarchy({ superclasses: { car: 'vehicle', person: 'human' }, parents: { vehicle: 'thing', human: 'thing' } }, CLASSES);
    expect(deep.sameGroup[C.car * K + C.person]).toBe(1);
    expect(deep.sameGroup[C.person * K + C.car]).toBe(1);
  });

  it('compiles aliases one way only', () => {
    const h = compileHierarchy({ aliases: { car: ['van', 'truck'] } }, CLASSES);
    expect([h.alias[C.car * K + C.van], h.alias[C.car * K + C.truck], h.alias[C.van * K + C.car]]).toEqual([1, 1, 0]);
  });

  it('refuses a superclass cycle, naming it once', () => {
    expect(problemsOf({ parents: { vehicle: 'thing', thing: 'machine', machine: 'vehicle' } })).toEqual(['parents: superclass cycle machine → vehicle → thing → machine']);
    expect(problemsOf({ parents: { thing: 'thing' } })).toEqual(['parents: superclass cycle thing → thing']);
  });

  it('refuses unknown class names wherever they appear', () => {
    const problems = problemsOf({ superclasses: { bus: 'vehicle' }, aliases: { tram: ['car'], car: ['bike'] }, stuff: ['grass'], background: ['void'] });
    expect(problems).toEqual([
      'superclasses: "bus" is not a project class (the classes are background, road, sky, car, truck, van, person, pole)',
      'aliases: "tram" is not a project class (the classes are background, road, sky, car, truck, van, person, pole)',
      'aliases.car: "bike" is not a project class (the classes are background, road, sky, car, truck, van, person, pole)',
      'stuff: "grass" is not a project class (the classes are background, road, sky, car, truck, van, person, pole)',
      'background: "void" is not a project class (the classes are background, road, sky, car, truck, van, person, pole)',
    ]);
  });

  it('refuses an alias to itself, repeated entries and a class both stuff and background', () => {
    expect(problemsOf({ aliases: { car: ['car', 'van', 'van'] }, stuff: ['road', 'road'], background: ['road'] })).toEqual([
      'aliases.car: a class cannot be an alias of itself',
      'aliases.car: "van" is listed twice',
      'stuff: "road" is listed twice',
      '"road" cannot be both stuff and background',
    ]);
  });

  it('refuses malformed input with the field’s path and says so in one message', () => {
    expect(problemsOf({ superclasses: { car: '  ' } } as ErrorHierarchyInput)).toEqual(['superclasses.car: a name cannot be empty']);
    expect(problemsOf({ colours: {} } as unknown as ErrorHierarchyInput)[0]).toMatch(/colours/);
    expect(() => compileHierarchy({ aliases: { car: ['car'] } }, CLASSES)).toThrow('The class hierarchy is not valid: aliases.car: a class cannot be an alias of itself.');
  });
});
