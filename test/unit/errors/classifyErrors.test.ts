import { describe, expect, it } from 'vitest';
import { C, CAR, PERSON, classify, fill, reference, regionOf } from './errorWorld.js';

/** The reference with the car's rows [from, to) (relative to the car) predicted as `value`. */
function carRows(from: number, to: number, value: number): Uint8Array {
  const p = reference();
  fill(p, CAR.x, CAR.y + from, CAR.width, to - from, value);
  return p;
}

function carRegion(prediction: Uint8Array, patch = {}, extra = {}) {
  return regionOf(classify(reference(), prediction, patch, extra).regions, C.car);
}

/** Probabilities that make the model sure of its prediction and doubt the car's label. */
function doubtingTheLabel(prediction: Uint8Array) {
  const ref = reference();
  const confidence = new Float32Array(prediction.length).fill(0.95);
  const labelQuality = Float32Array.from(ref, (v) => (v === C.car ? 0.02 : 1));
  return { confidence, labelQuality, competitors: [prediction.slice()] };
}

describe('classifyErrors: one hand-built mask pair per rule, where exactly that rule fires', () => {
  it('rule 0, correct: a perfect prediction', () => {
    const car = carRegion(reference());
    expect(car).toMatchObject({ category: 'correct', matches: ['correct'], area: 96, pixels: 96, box: { x: CAR.x, y: CAR.y, width: 12, height: 8 } });
  });

  it('rule 0, ignore: most of the region predicted as no project class', () => {
    expect(carRegion(carRows(0, 5, 255))).toMatchObject({ category: 'ignore', matches: ['ignore'] });
  });

  it('rule 0, acceptable alternative: the dominant wrong class is an alias of the true class', () => {
    // van on 3 of 8 rows: below the fine-grained share, wrong pixels not all in the band.
    expect(carRegion(carRows(0, 3, C.van))).toMatchObject({ category: 'acceptable', matches: ['acceptable'], otherClassId: C.van, pixels: 36 });
  });

  it('rule 1, suspected label error: confident prediction, low label quality, a competitor agrees', () => {
    const prediction = carRows(0, 8, C.person);
    const car = carRegion(prediction, {}, doubtingTheLabel(prediction));
    expect(car).toMatchObject({ category: 'label_error', matches: ['label_error'], otherClassId: C.person, pixels: 96 });
  });

  it('rule 2, boundary error (under-segmentation): the prediction stops short of the true boundary', () => {
    const p = carRows(0, 1, C.background);
    fill(p, CAR.x, CAR.y, 1, CAR.height, C.background);
    expect(carRegion(p)).toMatchObject({ category: 'boundary_under', matches: ['boundary_under'], pixels: 19 });
  });

  it('rule 2, boundary error (bleeding): the prediction spills over the true boundary', () => {
    const p = reference();
    fill(p, CAR.x - 1, CAR.y - 1, CAR.width + 2, CAR.height + 2, C.car);
    expect(carRegion(p)).toMatchObject({ category: 'boundary_bleeding', matches: ['boundary_bleeding'], pixels: 44 });
  });

  it('rule 3, missed object: more than half predicted as background', () => {
    expect(carRegion(carRows(0, 5, C.background))).toMatchObject({ category: 'missed', matches: ['missed'], otherClassId: C.background });
  });

  it('rule 3, missed object: recall below 0.1 with no single other class above half', () => {
    const p = carRows(0, 4, C.person);
    fill(p, CAR.x, CAR.y + 4, CAR.width, 4, C.pole);
    expect(carRegion(p)).toMatchObject({ category: 'missed', matches: ['missed'], otherClassId: C.person });
  });

  it('rule 4, fine-grained confusion: most of the region predicted as a class of the same superclass', () => {
    expect(carRegion(carRows(0, 6, C.truck))).toMatchObject({ category: 'fine_grained', matches: ['fine_grained'], otherClassId: C.truck });
  });

  it('rule 5, context confusion: a class that touches the true class in S0 (frequent adjacency pair)', () => {
    const p = reference();
    fill(p, PERSON.x, PERSON.y, PERSON.width, 6, C.pole);
    const person = regionOf(classify(reference(), p).regions, C.person);
    expect(person).toMatchObject({ category: 'context', matches: ['context'], otherClassId: C.pole });
  });

  it('rule 5, context confusion: a class that co-occurs with the true class in S0 (lift ≥ 2)', () => {
    const ref = reference();
    fill(ref, 36, 50, 10, 8, C.truck);
    const p = ref.slice();
    fill(p, 36, 50, 10, 5, C.van);
    expect(regionOf(classify(ref, p).regions, C.truck)).toMatchObject({ category: 'context', matches: ['context'], otherClassId: C.van });
  });

  it('rule 6, stuff confusion: the dominant wrong class is a stuff class', () => {
    expect(carRegion(carRows(0, 5, C.sky))).toMatchObject({ category: 'stuff', matches: ['stuff'], otherClassId: C.sky });
  });

  it('rule 7, non-prototypical: wrong on a region far from its class in S0 (aspect ratio)', () => {
    const ref = reference();
    fill(ref, CAR.x, CAR.y, CAR.width, CAR.height, C.road);
    fill(ref, 10, 52, 40, 3, C.car);
    const p = ref.slice();
    fill(p, 10, 52, 16, 3, C.person);
    fill(p, 40, 52, 10, 3, C.pole);
    expect(regionOf(classify(ref, p).regions, C.car)).toMatchObject({ category: 'non_prototypical', matches: ['non_prototypical'], area: 120 });
  });

  it('rule 8, model failure: a typical region with a mix no other rule explains', () => {
    const p = reference();
    fill(p, CAR.x, CAR.y, 5, CAR.height, C.person);
    fill(p, CAR.x + 9, CAR.y, 3, CAR.height, C.pole);
    expect(carRegion(p)).toMatchObject({ category: 'model_failure', matches: [], pixels: 64 });
  });
});

describe('classifyErrors: rule order and settings', () => {
  it('gives a region meeting two rules the earlier one', () => {
    const truck = carRows(0, 8, C.truck);
    expect(carRegion(truck, {}, doubtingTheLabel(truck))).toMatchObject({ category: 'label_error', matches: ['label_error', 'fine_grained'] });
    const ring = reference();
    fill(ring, CAR.x, CAR.y, CAR.width, CAR.height, C.road);
    fill(ring, CAR.x + 1, CAR.y + 1, CAR.width - 2, CAR.height - 2, C.car);
    expect(carRegion(ring)).toMatchObject({ category: 'boundary_under', matches: ['boundary_under', 'context', 'stuff'] });
    expect(carRegion(carRows(0, 5, C.road))).toMatchObject({ category: 'context', matches: ['context', 'stuff'] });
  });

  it('tests rule 1 only with probabilities and a competitor, and says why not', () => {
    const truck = carRows(0, 8, C.truck);
    const probs = doubtingTheLabel(truck);
    expect(classify(reference(), truck).labelErrorRule).toBe('no_probabilities');
    const noCompetitor = classify(reference(), truck, {}, { confidence: probs.confidence, labelQuality: probs.labelQuality });
    expect(noCompetitor.labelErrorRule).toBe('no_competitors');
    expect(regionOf(noCompetitor.regions, C.car).category).toBe('fine_grained');
    const disagreeing = carRegion(truck, {}, { ...probs, competitors: [reference()] });
    expect(disagreeing.category).toBe('fine_grained');
    const unsure = carRegion(truck, {}, { ...probs, confidence: new Float32Array(truck.length).fill(0.6) });
    expect(unsure.category).toBe('fine_grained');
  });

  it('changes outcomes when thresholds change', () => {
    const topRow = carRows(0, 1, C.road);
    expect(carRegion(topRow).category).toBe('boundary_under');
    expect(carRegion(topRow, { correctRecall: 0.85 }).category).toBe('correct');
    expect(carRegion(carRows(0, 6, C.truck), { fineGrainedShare: 0.8 }).category).toBe('model_failure');
    expect(carRegion(reference(), { minRegionPixels: 100 }).category).toBe('ignore');
    expect(carRegion(carRows(0, 3, C.van), { boundaryWrongShare: 0.7 }).category).toBe('acceptable');
    expect(carRegion(carRows(0, 3, C.person), { boundaryWrongShare: 0.7 }).category).toBe('boundary_under');
    const ref = reference();
    fill(ref, 36, 50, 10, 8, C.truck);
    const p = ref.slice();
    fill(p, 36, 50, 10, 5, C.van);
    expect(regionOf(classify(ref, p, { contextLift: 5 }).regions, C.truck).category).toBe('model_failure');
    const ring = reference();
    fill(ring, CAR.x, CAR.y, CAR.width, 2, C.background);
    expect(carRegion(ring).category).toBe('boundary_under');
    expect(carRegion(ring, { boundaryBand: 0.005 }).category).toBe('model_failure');
  });

  it('leaves background regions out and counts every other region once', () => {
    const { regions } = classify(reference(), reference());
    const classes = regions.filter((r) => r.side === 'reference').map((r) => r.classId).sort();
    expect(classes).toEqual([C.road, C.sky, C.car, C.person, C.pole].sort());
    expect(regions.every((r) => r.category === 'correct')).toBe(true);
  });

  it('refuses maps of the wrong size', () => {
    expect(() => classify(reference(), new Uint8Array(10))).toThrow(/expected 80×60/);
  });
});

describe('classifyErrors: hallucinations on the prediction side', () => {
  const predicted = (x: number, y: number, size: number, value: number) => {
    const p = reference();
    fill(p, x, y, size, size, value);
    return classify(reference(), p).regions.filter((r) => r.side === 'prediction');
  };

  it('calls a component near a true region of its class a fragment', () => {
    expect(predicted(CAR.x + CAR.width + 2, CAR.y, 4, C.car)).toEqual([
      expect.objectContaining({ category: 'hallucination_fragment', classId: C.car, otherClassId: C.road, area: 16, pixels: 16 }),
    ]);
  });

  it('calls one on a class that S0 pairs with its own co-occurring', () => {
    expect(predicted(2, 54, 4, C.person)).toEqual([expect.objectContaining({ category: 'hallucination_cooccurring', classId: C.person, otherClassId: C.road })]);
  });

  it('calls the rest plain hallucinations', () => {
    expect(predicted(4, 2, 4, C.truck)).toEqual([expect.objectContaining({ category: 'hallucination_other', classId: C.truck, otherClassId: C.sky, box: { x: 4, y: 2, width: 4, height: 4 } })]);
  });

  it('does not count a component that overlaps ground truth of its class, nor one over ignored pixels', () => {
    const p = reference();
    fill(p, CAR.x - 1, CAR.y - 1, CAR.width + 2, CAR.height + 2, C.car);
    expect(classify(reference(), p).regions.filter((r) => r.side === 'prediction')).toEqual([]);
    const ref = reference();
    fill(ref, 4, 2, 6, 6, 255);
    const q = ref.slice();
    fill(q, 4, 2, 5, 5, C.truck);
    expect(classify(ref, q).regions.filter((r) => r.side === 'prediction')).toEqual([]);
  });

  it('does not count a confusion seen from the prediction side as a hallucination', () => {
    const { regions } = classify(reference(), carRows(0, 8, C.truck));
    expect(regionOf(regions, C.car).category).toBe('fine_grained');
    expect(regions.filter((r) => r.side === 'prediction')).toEqual([]);
  });

  it('treats a fragment farther than the setting as a plain hallucination', () => {
    const p = reference();
    fill(p, CAR.x + CAR.width + 2, CAR.y, 4, 4, C.car);
    const far = classify(reference(), p, { fragmentDistance: 0.01 }).regions.filter((r) => r.side === 'prediction');
    expect(far.map((r) => r.category)).toEqual(['hallucination_cooccurring']);
  });
});
