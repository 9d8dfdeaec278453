import { describe, expect, it } from 'vitest';
import { classMapByName, classMapFromEntries, classMapLut, describeClassMap, projectClassSlots } from '../../../electron/core/models/classMap.js';
import { parseStoredClassMap } from '../../../electron/core/store/models.js';

const model = [
  { id: 0, name: 'road', color: '#000000', superclass: null },
  { id: 1, name: 'Car', color: '#000000', superclass: null },
  { id: 2, name: 'tree', color: '#000000', superclass: null },
];
const project = [
  { id: 0, name: 'background', color: '#000000', superclass: null },
  { id: 3, name: 'car ', color: '#000000', superclass: null },
  { id: 5, name: 'road', color: '#000000', superclass: null },
];

describe('class map', () => {
  it('maps model classes to project classes of the same name, ignoring case and spaces', () => {
    expect(classMapByName(model, project)).toEqual([5, 3, null]);
  });

  it('turns the map into a lookup with 255 for unmapped classes', () => {
    expect(Array.from(classMapLut([5, 3, null]))).toEqual([5, 3, 255]);
  });

  it('builds an edited map, leaving out model classes as unmapped', () => {
    expect(classMapFromEntries([{ modelClassId: 2, projectClassId: 0 }], model, project)).toEqual([null, null, 0]);
  });

  it('refuses a mapping to a class the project lacks, an unknown model class, or a class mapped twice', () => {
    expect(() => classMapFromEntries([{ modelClassId: 0, projectClassId: 4 }], model, project)).toThrow('The project has no class 4');
    expect(() => classMapFromEntries([{ modelClassId: 3, projectClassId: 0 }], model, project)).toThrow('The model has no class 3');
    expect(() =>
      classMapFromEntries(
        [
          { modelClassId: 1, projectClassId: 0 },
          { modelClassId: 1, projectClassId: 3 },
        ],
        model,
        project,
      ),
    ).toThrow('mapped twice');
  });

  it('reads a stored map back, padding a short one with unmapped entries', () => {
    expect(parseStoredClassMap('[5]', 3)).toEqual([5, null, null]);
    expect(parseStoredClassMap(null, 2)).toEqual([null, null]);
    expect(describeClassMap([5, null, 0], model)).toEqual([
      { modelClassId: 0, modelClassName: 'road', projectClassId: 5 },
      { modelClassId: 1, modelClassName: 'Car', projectClassId: null },
      { modelClassId: 2, modelClassName: 'tree', projectClassId: 0 },
    ]);
  });

  it('sizes class-fraction vectors by the largest project class id', () => {
    expect(projectClassSlots(project)).toBe(6);
    expect(projectClassSlots([])).toBe(0);
  });
});
