import type { ModelCardClass } from '../../shared/models/modelCard.js';

/** Class ids of the demo world. Values are what masks hold and what the models' output channels mean. */
export const DemoClass = {
  background: 0,
  sky: 1,
  road: 2,
  sidewalk: 3,
  building: 4,
  vegetation: 5,
  vehicle: 6,
  person: 7,
} as const;
export type DemoClassId = (typeof DemoClass)[keyof typeof DemoClass];

/** Colours follow the Cityscapes palette where a class exists there, so screenshots read familiar. */
export const DEMO_CLASSES: readonly ModelCardClass[] = [
  { id: DemoClass.background, name: 'background', color: '#000000', superclass: 'void' },
  { id: DemoClass.sky, name: 'sky', color: '#4682b4', superclass: 'sky' },
  { id: DemoClass.road, name: 'road', color: '#804080', superclass: 'flat' },
  { id: DemoClass.sidewalk, name: 'sidewalk', color: '#f423e8', superclass: 'flat' },
  { id: DemoClass.building, name: 'building', color: '#464646', superclass: 'construction' },
  { id: DemoClass.vegetation, name: 'vegetation', color: '#6b8e23', superclass: 'nature' },
  { id: DemoClass.vehicle, name: 'vehicle', color: '#00008e', superclass: 'object' },
  { id: DemoClass.person, name: 'person', color: '#dc143c', superclass: 'object' },
];

export const DEMO_CLASS_COUNT = DEMO_CLASSES.length;

/** Mask value for "no label"; never produced by the generator, reserved for the workstation. */
export const DEMO_IGNORE_INDEX = 255;
