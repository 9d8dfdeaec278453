import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ModelCard } from '../../../shared/models/modelCard.js';
import { decodeProbs } from '../../../electron/core/inference/probsBlob.js';
import { probeInWorker } from '../../../electron/core/inference/probeInWorker.js';
import { runInference } from '../../../electron/core/inference/runInference.js';
import type { CardJson } from '../../../electron/core/models/draftCard.js';
import { importModel } from '../../../electron/core/models/importModel.js';
import { inspectModel } from '../../../electron/core/models/inspectModel.js';
import { addModel } from '../../../electron/core/models/modelRegistry.js';
import { ModelRefusedError, type RefusalReason } from '../../../electron/core/models/modelRefusal.js';
import { loadModel } from '../../../electron/core/store/models.js';
import { createProjectDb, type ProjectDb } from '../../../electron/core/store/openProjectDb.js';
import { makeTempDir } from '../../helpers/tempDir.js';
import { colourCard, colourModel } from '../../fixtures/models/tinyModels.js';
import {
  HEIGHT,
  WIDTH,
  argmaxModel,
  binaryLogit,
  externalDataModel,
  float16Model,
  greyModel,
  nhwcHalfResolution,
  sigmoidNchw,
  sigmoidNhwc,
  twoOutputModel,
  uint8Model,
  writeOnnx,
} from '../../fixtures/models/exportedModels.js';
import { referenceProbs, testPixels } from '../../fixtures/models/referenceScores.js';

let temp: ReturnType<typeof makeTempDir>;
let project: ProjectDb;

beforeEach(() => {
  temp = makeTempDir();
  project = createProjectDb(join(temp.dir, 'project'), 'Exported');
});
afterEach(() => {
  project.close();
  temp.cleanup();
});

interface Case {
  name: string;
  /** Writes the model (and any data files) into `dir`; returns the .onnx path. */
  write(dir: string): string;
  /** What the draft card must say, and which of its fields it must list as guessed. */
  draft: Record<string, unknown>;
  unsure: string[];
  /** Corrects the guessed fields as the model's author would. */
  fix?(card: CardJson): void;
}

const CASES: Case[] = [
  {
    name: 'sigmoid NCHW',
    write: (dir) => writeOnnx(dir, 'sigmoid.onnx', sigmoidNchw()),
    draft: { output: { tensorName: 'output', kind: 'sigmoid', layout: 'NCHW' }, input: { layout: 'NCHW', dataType: 'float32' } },
    unsure: ['input.channelOrder', 'input.scale'],
  },
  {
    name: 'sigmoid NHWC',
    write: (dir) => writeOnnx(dir, 'sigmoid-nhwc.onnx', sigmoidNhwc()),
    draft: { output: { tensorName: 'mask', kind: 'sigmoid', layout: 'NHWC' }, input: { tensorName: 'pixels', layout: 'NHWC' } },
    unsure: ['input.layout'],
  },
  {
    name: 'binary logit',
    write: (dir) => writeOnnx(dir, 'logit.onnx', binaryLogit()),
    draft: { output: { tensorName: 'logit', kind: 'binary_logit', layout: 'NCHW' } },
    unsure: ['output.kind'],
  },
  {
    name: 'NHWC logits at half resolution',
    write: (dir) => writeOnnx(dir, 'segment.onnx', nhwcHalfResolution()),
    draft: { output: { tensorName: 'segment', kind: 'logits', layout: 'NHWC' }, input: { layout: 'NHWC' } },
    unsure: ['output.layout', 'output.kind'],
  },
  {
    name: 'float16 input and output',
    write: (dir) => writeOnnx(dir, 'half.onnx', float16Model()),
    draft: { input: { dataType: 'float16' }, output: { kind: 'logits', layout: 'NCHW' } },
    unsure: ['output.kind'],
  },
  {
    name: 'uint8 input',
    write: (dir) => writeOnnx(dir, 'bytes.onnx', uint8Model()),
    draft: { input: { dataType: 'uint8', scale: 1, mean: [0, 0, 0], std: [1, 1, 1] } },
    unsure: ['input.channelOrder'],
  },
  {
    name: 'argmax in the graph, int64, symbolic height and width',
    write: (dir) => writeOnnx(dir, 'argmax.onnx', argmaxModel()),
    draft: { output: { tensorName: 'labels', kind: 'class_ids', layout: 'NHW' }, input: { width: 512, height: 512 } },
    unsure: ['input.width', 'input.height', 'classes'],
    fix: (card) => {
      card.input.width = WIDTH;
      card.input.height = HEIGHT;
      card.classes = [0, 1, 2, 3].map((id) => ({ id, name: `class${id}`, color: '#102030', superclass: null }));
    },
  },
  {
    name: 'several outputs, picked by name',
    write: (dir) => writeOnnx(dir, 'two.onnx', twoOutputModel()),
    draft: { output: { tensorName: 'features' }, embedding: { tensorName: 'logits', layout: 'NCHW' } },
    unsure: ['output.tensorName', 'embedding'],
    fix: (card) => {
      card.output.tensorName = 'logits';
      card.embedding = { tensorName: 'features', layout: 'NCHW' };
      card.classes = card.classes.slice(0, 3);
    },
  },
  {
    name: 'weights in an external data file',
    write: (dir) => {
      const { onnx, data } = externalDataModel();
      writeFileSync(join(dir, 'weights.bin'), data);
      return writeOnnx(dir, 'external.onnx', onnx);
    },
    draft: { output: { tensorName: 'logits', kind: 'logits' } },
    unsure: [],
  },
  {
    name: 'grey input',
    write: (dir) => writeOnnx(dir, 'grey.onnx', greyModel()),
    draft: { input: { channelOrder: 'grey', layout: 'NCHW' }, output: { kind: 'logits' } },
    unsure: [],
  },
];

function labelMap(imageId: number, modelId: number): Uint8Array {
  const row = project.db
    .prepare('SELECT m.label_map, p.error FROM predictions p LEFT JOIN prediction_maps m ON m.model_id = p.model_id AND m.image_id = p.image_id WHERE p.image_id = ? AND p.model_id = ?')
    .get(imageId, modelId) as { label_map: Buffer | null; error: string | null };
  expect(row.error).toBeNull();
  return inflateSync(row.label_map!);
}

function storedProbs(imageId: number, modelId: number) {
  const row = project.db.prepare('SELECT probs FROM predictions WHERE image_id = ? AND model_id = ?').get(imageId, modelId) as { probs: Buffer };
  return decodeProbs(row.probs);
}

describe('real exports register as they are: inspect, add the draft card, infer', () => {
  it.each(CASES)('$name', async (c) => {
    const src = join(temp.dir, 'src');
    writeOnnx(src, '.keep', new Uint8Array(0));
    const onnxPath = c.write(src);
    const { card: draft, unsure, signature } = await inspectModel(onnxPath);
    expect(ModelCard.safeParse(draft).success).toBe(true);
    expect(draft).toMatchObject(c.draft);
    for (const field of c.unsure) expect(unsure).toContain(field);
    expect(signature.opset).toBe(17);

    const card = structuredClone(draft);
    c.fix?.(card);
    card.classes = card.classes.map((cls) => ({ ...cls, name: `${c.name.split(' ')[0]}-${cls.id}` }));
    const cardPath = join(src, 'card.json');
    writeFileSync(cardPath, JSON.stringify(card));
    const entry = await addModel(project, { onnxPath, cardPath }, probeInWorker);
    expect(entry.classes.map((x) => x.name)).toEqual(card.classes.map((x) => x.name));

    const rgb = testPixels();
    const png = await sharp(Buffer.from(rgb), { raw: { width: WIDTH, height: HEIGHT, channels: 3 } }).png().toBuffer();
    writeOnnx(join(project.dir, 'images'), 'a.png', png);
    const imageId = Number(
      project.db.prepare("INSERT INTO images (content_hash, rel_path, width, height, status, imported_at) VALUES ('h', 'images/a.png', ?, ?, 'ok', '2026-01-01T00:00:00Z')").run(WIDTH, HEIGHT).lastInsertRowid,
    );
    const summary = await runInference(project, { provider: 'cpu', storeProbs: true, retryFailed: false, workers: 1 });
    expect(summary).toMatchObject({ processed: 1, failed: 0 });

    const parsed = ModelCard.parse(card);
    const expected = await referenceProbs(onnxPath, parsed, rgb);
    const stored = storedProbs(imageId, entry.id);
    expect([stored.classes, stored.h, stored.w]).toEqual([parsed.classes.length, expected.h, expected.w]);
    let worst = 0;
    for (let i = 0; i < expected.probs.length; i++) worst = Math.max(worst, Math.abs(stored.probs[i]! - expected.probs[i]!));
    // Stored probabilities are quantised to 1/255.
    expect(worst).toBeLessThanOrEqual(0.5 / 255 + 1e-6);

    if (expected.h === HEIGHT && expected.w === WIDTH) {
      const labels = labelMap(imageId, entry.id);
      const pixels = WIDTH * HEIGHT;
      const k = parsed.classes.length;
      const best = Array.from({ length: pixels }, (_, p) => {
        let arg = 0;
        for (let ch = 1; ch < k; ch++) if (expected.probs[ch * pixels + p]! > expected.probs[arg * pixels + p]!) arg = ch;
        return arg;
      });
      expect(Array.from(labels)).toEqual(best);
      expect(new Set(best).size).toBeGreaterThan(1);
    }
  });

  it('prints a valid embedded card instead of a draft, with nothing unsure', async () => {
    const path = writeOnnx(temp.dir, 'embedded.onnx', colourModel({ embeddedCard: colourCard() }));
    const { card, unsure, signature } = await inspectModel(path);
    expect(unsure).toEqual([]);
    expect(card).toEqual(ModelCard.parse(colourCard()));
    expect(Object.keys(signature.metadataProps)).toEqual(['faultline.card']);
  });

  it('copies external data beside the model, records its hash, reads it from there (not the working folder) and notices a change', async () => {
    const src = join(temp.dir, 'src');
    const { onnx, data } = externalDataModel();
    const onnxPath = writeOnnx(src, 'external.onnx', onnx);
    writeFileSync(join(src, 'weights.bin'), data);
    const { card } = await inspectModel(onnxPath);
    const cardPath = join(src, 'card.json');
    writeFileSync(cardPath, JSON.stringify({ ...card, name: 'ext' }));
    expect(process.cwd()).not.toBe(src);
    const entry = await addModel(project, { onnxPath, cardPath }, probeInWorker);
    expect(entry.onnxRelPath).toBe('models/ext-1/ext-1.onnx');
    const copy = join(project.dir, 'models', 'ext-1', 'weights.bin');
    expect(readFileSync(copy).equals(Buffer.from(data))).toBe(true);
    expect(loadModel(project.db, entry.id).dataFiles).toEqual([{ path: 'models/ext-1/weights.bin', sha256: createHash('sha256').update(data).digest('hex') }]);

    writeOnnx(join(project.dir, 'images'), 'a.png', await sharp(Buffer.from(testPixels()), { raw: { width: WIDTH, height: HEIGHT, channels: 3 } }).png().toBuffer());
    project.db.prepare("INSERT INTO images (content_hash, rel_path, width, height, status, imported_at) VALUES ('h', 'images/a.png', ?, ?, 'ok', '2026-01-01T00:00:00Z')").run(WIDTH, HEIGHT);
    writeFileSync(copy, Buffer.from(data).reverse());
    await expect(runInference(project, { provider: 'cpu', storeProbs: false, retryFailed: false, workers: 1 })).rejects.toThrow(
      /models\/ext-1\/weights.bin \(external data of model ext 1\) has changed since it was imported/,
    );
  });
});

function v1Card(overrides: Record<string, unknown> = {}, input: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    cardVersion: 1,
    name: 'exported',
    version: '1',
    classes: [
      { id: 0, name: 'background', color: '#000000', superclass: null },
      { id: 1, name: 'road', color: '#ff0000', superclass: null },
    ],
    input: { tensorName: 'image', width: WIDTH, height: HEIGHT, resize: 'stretch', channelOrder: 'RGB', layout: 'NCHW', dataType: 'float32', scale: 1 / 255, mean: [0, 0, 0], std: [1, 1, 1], ...input },
    output: { tensorName: 'output', kind: 'logits' },
    ignoreIndex: 255,
    ...overrides,
  };
}

function v2Card(output: Record<string, unknown>, overrides: Record<string, unknown> = {}, input: Record<string, unknown> = {}): Record<string, unknown> {
  return v1Card({ cardVersion: 2, output, ...overrides }, input);
}

async function refusal(onnxPath: string, card: unknown): Promise<{ reason: RefusalReason; message: string }> {
  const cardPath = join(temp.dir, 'card.json');
  writeFileSync(cardPath, JSON.stringify(card));
  const error = await importModel(project, { onnxPath, cardPath }, probeInWorker).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ModelRefusedError);
  return { reason: (error as ModelRefusedError).reason, message: (error as ModelRefusedError).message };
}

describe('refusals name the field, what was expected and seen, and the fix', () => {
  it('a one-channel output under kind logits suggests sigmoid or binary_logit', async () => {
    const path = writeOnnx(temp.dir, 'sigmoid.onnx', sigmoidNchw());
    const r = await refusal(path, v1Card({}, { tensorName: 'input' }));
    expect(r.reason).toBe('output_kind');
    expect(r.message).toMatch(/output 'output' is declared with one channel \(N×1×6×8\) but output.kind 'logits' needs one per class \(2\).*set output.kind to 'sigmoid' \(a probability\) or 'binary_logit' \(a logit\), with two classes/);
  });

  it('a one-class card, and a one-channel kind with other than two classes', async () => {
    const path = writeOnnx(temp.dir, 'sigmoid.onnx', sigmoidNchw());
    const one = await refusal(path, v1Card({ classes: [{ id: 0, name: 'road', color: '#ff0000', superclass: null }] }, { tensorName: 'input' }));
    expect(one.reason).toBe('card_invalid');
    expect(one.message).toMatch(/classes: .*background \(id 0\) and foreground \(id 1\).*sigmoid/);
    const three = v2Card({ tensorName: 'output', kind: 'sigmoid' }, {}, { tensorName: 'input' });
    (three.classes as unknown[]).push({ id: 2, name: 'car', color: '#00ff00', superclass: null });
    const r = await refusal(path, three);
    expect(r.reason).toBe('card_invalid');
    expect(r.message).toMatch(/classes: output.kind 'sigmoid' is one foreground channel: list exactly two classes.*the card lists 3/);
  });

  it('a channels-last output read as NCHW says so and names output.layout', async () => {
    const path = writeOnnx(temp.dir, 'segment.onnx', nhwcHalfResolution());
    const classes = [0, 1, 2, 3, 4].map((id) => ({ id, name: `c${id}`, color: '#000000', superclass: null }));
    const r = await refusal(path, v2Card({ tensorName: 'segment', kind: 'logits', layout: 'NCHW' }, { classes }, { layout: 'NHWC' }));
    expect(r.reason).toBe('output_layout');
    expect(r.message).toMatch(/output 'segment' looks channels-last \(N×3×4×5\): read as NCHW it is declared with 3 channels, read as NHWC 5 channels .*: set output.layout to 'NHWC'/);
  });

  it('a channels-last input read as NCHW names input.layout', async () => {
    const path = writeOnnx(temp.dir, 'segment.onnx', nhwcHalfResolution());
    const r = await refusal(path, v1Card());
    expect(r.reason).toBe('input_mismatch');
    expect(r.message).toMatch(/input 'image' is N×6×8×3: 6 channels where the card's NCHW layout needs 3; it looks channels-last: set input.layout to 'NHWC'/);
  });

  it('a float16 input under dataType float32 suggests float16', async () => {
    const path = writeOnnx(temp.dir, 'half.onnx', float16Model());
    const r = await refusal(path, v1Card({ output: { tensorName: 'logits', kind: 'logits' } }));
    expect(r.reason).toBe('input_mismatch');
    expect(r.message).toMatch(/input 'image' holds float16 but the card says input.dataType 'float32': set input.dataType to 'float16'/);
  });

  it('class ids read as scores, and class ids without a channel axis read as NCHW', async () => {
    const path = writeOnnx(temp.dir, 'argmax.onnx', argmaxModel());
    const asLogits = await refusal(path, v1Card({ output: { tensorName: 'labels', kind: 'logits' } }));
    expect(asLogits.reason).toBe('output_type');
    expect(asLogits.message).toMatch(/output 'labels' holds int64 but output.kind 'logits' needs float32 or float16: .*set output.kind to 'class_ids' and output.layout to 'NHW'/);
    const noAxis = await refusal(path, v2Card({ tensorName: 'labels', kind: 'class_ids', layout: 'NCHW' }));
    expect(noAxis.reason).toBe('output_rank');
    expect(noAxis.message).toMatch(/rank 3 \(N×height×width\) but output.layout 'NCHW' has rank 4: set output.layout to 'NHW'/);
  });

  it('a logit output under kind sigmoid is caught on the dry run', async () => {
    const path = writeOnnx(temp.dir, 'logit.onnx', binaryLogit());
    const r = await refusal(path, v2Card({ tensorName: 'logit', kind: 'sigmoid' }));
    expect(r.reason).toBe('not_probabilities');
    expect(r.message).toMatch(/output.kind 'sigmoid' but the foreground values range .* outside 0..1; set output.kind to 'binary_logit'/);
  });

  it('a uint8 card with a scale, and NHW with scores', async () => {
    const path = writeOnnx(temp.dir, 'bytes.onnx', uint8Model());
    const scaled = await refusal(path, v2Card({ tensorName: 'logits', kind: 'logits' }, {}, { dataType: 'uint8' }));
    expect(scaled.reason).toBe('card_invalid');
    expect(scaled.message).toMatch(/input.dataType: a uint8 input takes the 8-bit pixels as they are: set scale to 1/);
    const nhw = await refusal(path, v2Card({ tensorName: 'logits', kind: 'logits', layout: 'NHW' }, {}, { dataType: 'uint8', scale: 1 }));
    expect(nhw.message).toMatch(/output.layout: layout 'NHW' \(no channel axis\) holds class ids only/);
  });

  it('a missing external data file, named with where it was looked for; one outside the model folder', async () => {
    const { onnx } = externalDataModel();
    const path = writeOnnx(join(temp.dir, 'exports'), 'external.onnx', onnx);
    const missing = await refusal(path, v2Card({ tensorName: 'logits', kind: 'logits' }));
    expect(missing.reason).toBe('external_data');
    expect(missing.message).toContain(`external data file 'weights.bin' that is missing: looked for ${join(temp.dir, 'exports', 'weights.bin')}`);
    const outside = writeOnnx(join(temp.dir, 'exports'), 'outside.onnx', externalDataModel('../weights.bin').onnx);
    const r = await refusal(outside, v2Card({ tensorName: 'logits', kind: 'logits' }));
    expect(r.reason).toBe('external_data');
    expect(r.message).toMatch(/reads its data from '..\/weights.bin', outside the model's folder/);
    expect(existsSync(join(project.dir, 'models'))).toBe(false);
  });
});
