import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setClasses } from '../../../electron/core/project/classes.js';
import { listClasses } from '../../../electron/core/store/classes.js';
import { addModel, listModels, setModelClassMap, setTargetModel } from '../../../electron/core/models/modelRegistry.js';
import { importModel } from '../../../electron/core/models/importModel.js';
import { ModelRefusedError, type RefusalReason } from '../../../electron/core/models/modelRefusal.js';
import { probeInWorker } from '../../../electron/core/inference/probeInWorker.js';
import { createProjectDb, type ProjectDb } from '../../../electron/core/store/openProjectDb.js';
import { makeTempDir } from '../../helpers/tempDir.js';
import {
  COLOUR_CLASSES,
  colourCard,
  colourModel,
  nonFiniteModel,
  rank3Model,
  runtimeFailureModel,
  twoInputModel,
  unknownOpModel,
  writeModel,
} from '../../fixtures/models/tinyModels.js';

let temp: ReturnType<typeof makeTempDir>;
let project: ProjectDb;

beforeEach(() => {
  temp = makeTempDir();
  project = createProjectDb(join(temp.dir, 'project'), 'Models');
});
afterEach(() => {
  project.close();
  temp.cleanup();
});

async function refusal(bytes: Uint8Array, card: unknown): Promise<{ reason: RefusalReason; message: string }> {
  const files = writeModel(join(temp.dir, 'src'), 'm', bytes, card);
  const error = await importModel(project, files, probeInWorker).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ModelRefusedError);
  return { reason: (error as ModelRefusedError).reason, message: (error as ModelRefusedError).message };
}

describe('model import', () => {
  it('copies the file into models/NAME-VERSION.onnx, records its hash and registers the card', async () => {
    const bytes = colourModel();
    const files = writeModel(join(temp.dir, 'src'), 'colour', bytes, colourCard());
    const entry = await addModel(project, files, probeInWorker);
    const copy = join(project.dir, 'models', 'colour-1.0.onnx');
    expect(existsSync(copy)).toBe(true);
    expect(readFileSync(copy).equals(Buffer.from(bytes))).toBe(true);
    expect(entry).toMatchObject({
      name: 'colour',
      version: '1.0',
      onnxRelPath: 'models/colour-1.0.onnx',
      onnxHash: createHash('sha256').update(bytes).digest('hex'),
      provider: 'cpu',
      isTarget: false,
      outputKind: 'logits',
    });
    expect(entry.classes.map((c) => c.name)).toEqual(['red', 'green', 'blue']);
  });

  it('gives a project without classes the classes of its first model, mapped one to one', async () => {
    expect(listClasses(project.db)).toEqual([]);
    const entry = await addModel(project, writeModel(join(temp.dir, 'src'), 'colour', colourModel(), colourCard()), probeInWorker);
    expect(listClasses(project.db)).toEqual(COLOUR_CLASSES);
    expect(entry.classMap.map((e) => e.projectClassId)).toEqual([0, 1, 2]);
  });

  it('maps a competitor with another class set by name and ignores classes the project lacks', async () => {
    setClasses(project.db, [
      { id: 0, name: 'Blue', color: '#0000ff', superclass: null },
      { id: 1, name: 'red', color: '#ff0000', superclass: null },
    ]);
    const entry = await addModel(project, writeModel(join(temp.dir, 'src'), 'colour', colourModel(), colourCard()), probeInWorker);
    expect(entry.classMap).toEqual([
      { modelClassId: 0, modelClassName: 'red', projectClassId: 1 },
      { modelClassId: 1, modelClassName: 'green', projectClassId: null },
      { modelClassId: 2, modelClassName: 'blue', projectClassId: 0 },
    ]);
  });

  it('edits a class map, refuses unknown classes, and drops the predictions made under the old map', async () => {
    const entry = await addModel(project, writeModel(join(temp.dir, 'src'), 'colour', colourModel(), colourCard()), probeInWorker);
    project.db.prepare("INSERT INTO images (content_hash, rel_path, imported_at) VALUES ('h', 'a.png', 'now')").run();
    project.db.prepare("INSERT INTO predictions (image_id, model_id, error, created_at) VALUES (1, ?, 'x', 'now')").run(entry.id);
    const unchanged = setModelClassMap(project.db, entry.id, [
      { modelClassId: 0, projectClassId: 0 },
      { modelClassId: 1, projectClassId: 1 },
      { modelClassId: 2, projectClassId: 2 },
    ]);
    expect(unchanged.invalidatedPredictions).toBe(0);
    const edited = setModelClassMap(project.db, entry.id, [{ modelClassId: 2, projectClassId: 0 }]);
    expect(edited.model.classMap.map((e) => e.projectClassId)).toEqual([null, null, 0]);
    expect(edited.invalidatedPredictions).toBe(1);
    expect(() => setModelClassMap(project.db, entry.id, [{ modelClassId: 0, projectClassId: 9 }])).toThrow(/no class 9/);
    expect(() => setModelClassMap(project.db, entry.id, [{ modelClassId: 5, projectClassId: 0 }])).toThrow(/has no class 5/);
  });

  it('keeps exactly one target', async () => {
    const a = await addModel(project, { ...writeModel(join(temp.dir, 'src'), 'a', colourModel(), colourCard()), target: true }, probeInWorker);
    const b = await addModel(project, writeModel(join(temp.dir, 'src'), 'b', colourModel(), colourCard({ version: '2.0' })), probeInWorker);
    expect(listModels(project.db).map((m) => [m.id, m.isTarget])).toEqual([
      [a.id, true],
      [b.id, false],
    ]);
    const after = setTargetModel(project.db, b.id);
    expect(after.map((m) => [m.id, m.isTarget])).toEqual([
      [a.id, false],
      [b.id, true],
    ]);
  });

  it('takes the card from the ONNX metadata_props, with the card file overriding single fields', async () => {
    const embedded = colourCard({ version: 'embedded' });
    const bytes = colourModel({ embeddedCard: embedded });
    const onnxPath = join(temp.dir, 'embedded.onnx');
    writeFileSync(onnxPath, bytes);
    const alone = await addModel(project, { onnxPath }, probeInWorker);
    expect(alone.version).toBe('embedded');
    const cardPath = join(temp.dir, 'partial.card.json');
    writeFileSync(cardPath, JSON.stringify({ version: 'override', input: { resize: 'letterbox' } }));
    const merged = await addModel(project, { onnxPath, cardPath }, probeInWorker);
    expect(merged.version).toBe('override');
    expect(merged.input.resize).toBe('letterbox');
    expect(merged.input.width).toBe(8);
  });

  it('reads an NHWC model with a fixed batch size', async () => {
    const bytes = colourModel({ layout: 'NHWC', batch: 1 });
    const entry = await addModel(project, writeModel(join(temp.dir, 'src'), 'nhwc', bytes, colourCard({}, { layout: 'NHWC' })), probeInWorker);
    expect(entry.input.layout).toBe('NHWC');
  });
});

describe('model import refuses', () => {
  it('a file that is not ONNX (protobuf decoding fails)', async () => {
    const r = await refusal(new TextEncoder().encode('this is a text file, not a model\n'), colourCard());
    expect(r.reason).toBe('not_onnx');
    expect(r.message).toMatch(/not an ONNX model/);
  });

  it('protobuf bytes without an ONNX graph', async () => {
    const r = await refusal(new Uint8Array([0x08, 0x01]), colourCard());
    expect(r.reason).toBe('not_onnx');
    expect(r.message).toMatch(/holds no ONNX graph/);
  });

  it('a graph onnxruntime cannot load', async () => {
    const r = await refusal(unknownOpModel(), colourCard());
    expect(r.reason).toBe('ort_load');
    expect(r.message).toMatch(/ONNX Runtime cannot load it: .*NoSuchSegmentationOp/);
  });

  it('a graph that loads but fails to run', async () => {
    const r = await refusal(runtimeFailureModel(), colourCard());
    expect(r.reason).toBe('dry_run_failed');
    expect(r.message).toMatch(/the dry run on a synthetic image failed: .*Reshape/i);
  });

  it('an output of the wrong rank, declared or only seen in the dry run', async () => {
    const declared = await refusal(rank3Model(), colourCard());
    expect(declared.reason).toBe('output_rank');
    expect(declared.message).toMatch(/rank 3/);
    const seen = await refusal(rank3Model(true), colourCard());
    expect(seen.reason).toBe('output_rank');
    expect(seen.message).toMatch(/on the dry run/);
  });

  it('a class count that differs from the card, declared or only seen in the dry run', async () => {
    const declared = await refusal(colourModel({ classes: 2 }), colourCard());
    expect(declared.reason).toBe('class_count');
    expect(declared.message).toMatch(/2 channels .* the card lists 3 classes/);
    const seen = await refusal(colourModel({ classes: 4, undeclaredOutputShape: true }), colourCard());
    expect(seen.reason).toBe('class_count');
    expect(seen.message).toMatch(/4 channels/);
  });

  it('non-finite outputs', async () => {
    const r = await refusal(nonFiniteModel(), colourCard());
    expect(r.reason).toBe('non_finite');
    expect(r.message).toMatch(/NaN or infinite/);
  });

  it('an input name the card does not describe', async () => {
    const renamed = await refusal(colourModel({ inputName: 'pixels' }), colourCard());
    expect(renamed.reason).toBe('input_mismatch');
    expect(renamed.message).toMatch(/input.tensorName 'image' is not an input of the graph \(its inputs: 'pixels'\)/);
    const extra = await refusal(twoInputModel(), colourCard());
    expect(extra.reason).toBe('input_mismatch');
    expect(extra.message).toMatch(/input 'mask' that the card does not describe/);
  });

  it('an input shape or layout the card does not describe', async () => {
    const size = await refusal(colourModel({ width: 16, height: 12 }), colourCard());
    expect(size.reason).toBe('input_mismatch');
    expect(size.message).toMatch(/N×3×12×16 but the card says NCHW with height 6 and width 8/);
    const layout = await refusal(colourModel({ layout: 'NHWC' }), colourCard());
    expect(layout.reason).toBe('input_mismatch');
    expect(layout.message).toMatch(/channels where the card's NCHW layout needs 3/);
  });

  it('an output name the graph lacks', async () => {
    const r = await refusal(colourModel({ outputName: 'scores' }), colourCard());
    expect(r.reason).toBe('output_missing');
    expect(r.message).toMatch(/'logits' is not an output of the graph \(its outputs: 'scores'\)/);
  });

  it('logits declared as probabilities', async () => {
    const r = await refusal(colourModel(), colourCard({ output: { tensorName: 'logits', kind: 'probabilities' } }));
    expect(r.reason).toBe('not_probabilities');
    expect(r.message).toMatch(/set output.kind to 'logits'/);
  });

  it('an invalid card, naming each bad field', async () => {
    const card = colourCard({ version: undefined }, { resize: 'zoom' });
    (card.classes as Array<Record<string, unknown>>)[1] = { ...COLOUR_CLASSES[1], color: 'green' };
    const r = await refusal(colourModel(), card);
    expect(r.reason).toBe('card_invalid');
    expect(r.message).toContain('version: missing (expected string)');
    expect(r.message).toContain('classes[1].color: colour must be #rrggbb');
    expect(r.message).toContain('input.resize: Invalid option');
  });

  it('a model without any card', async () => {
    const onnxPath = join(temp.dir, 'bare.onnx');
    writeFileSync(onnxPath, colourModel());
    const error = (await importModel(project, { onnxPath }, probeInWorker).catch((e: unknown) => e)) as ModelRefusedError;
    expect(error.reason).toBe('card_missing');
    expect(error.message).toMatch(/--card CARD.json.*faultline.card/);
  });

  it('a second model with the same name and version, and leaves no file behind for refused ones', async () => {
    await addModel(project, writeModel(join(temp.dir, 'src'), 'colour', colourModel(), colourCard()), probeInWorker);
    const r = await refusal(colourModel(), colourCard());
    expect(r.reason).toBe('already_registered');
    await refusal(nonFiniteModel(), colourCard({ version: '9' }));
    expect(existsSync(join(project.dir, 'models', 'colour-9.onnx'))).toBe(false);
  });
});
