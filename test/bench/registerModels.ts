/**
 * How long registering an exported model takes through the contract, as a new user does it:
 * `models.inspect` (draft card), the card edited (the fields that differ from the draft are
 * counted), `models.preview` on a real photo, `models.add` with the card inline into a project.
 * Models: the corpus of exported-model signatures built in code (test/fixtures/models/
 * exportedModels.ts) and each real model found in --models DIR (as scripts/fetch-real-world.sh lays
 * it out) with its card from test/fixtures/real-world-cards/.
 * Run: npm run bench -- registerModels --photo PHOTO [--models DIR]
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { createClient } from '../../shared/client/createClient.js';
import { createCore } from '../../electron/core/createCore.js';
import { headlessHost } from '../../electron/core/host/hostServices.js';
import type { CardJson } from '../../electron/core/models/draftCard.js';
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
} from '../fixtures/models/exportedModels.js';
import { makeTempDir } from '../helpers/tempDir.js';
import { inProcessTransport } from '../helpers/wsClientTransport.js';

const here = dirname(fileURLToPath(import.meta.url));
const arg = (name: string): string | undefined => {
  const at = process.argv.indexOf(name);
  return at > 0 ? process.argv[at + 1] : undefined;
};
const PHOTO = arg('--photo');
const MODELS = arg('--models');
if (!PHOTO || !existsSync(PHOTO)) {
  process.stderr.write('Give a photo to preview on: --photo FILE (any format the import reads).\n');
  process.exit(2);
}

interface Entry {
  name: string;
  origin: string;
  write(dir: string): string;
  /** The card as its author finishes it from the draft. */
  finish(draft: CardJson): CardJson;
}

const renamed = (draft: CardJson, edit: (card: CardJson) => void = () => undefined): CardJson => {
  const card = structuredClone(draft);
  edit(card);
  card.classes = card.classes.map((c) => ({ ...c, name: `class-${c.id}` }));
  return card;
};

interface CorpusGraph {
  name: string;
  write(dir: string): string;
  /** Fields the draft could not know, as the model's author sets them. */
  edit?(card: CardJson): void;
}

const GRAPHS: CorpusGraph[] = [
  { name: 'sigmoid NCHW', write: (d) => writeOnnx(d, 'sigmoid.onnx', sigmoidNchw()) },
  { name: 'sigmoid NHWC', write: (d) => writeOnnx(d, 'nhwc.onnx', sigmoidNhwc()) },
  { name: 'binary logit', write: (d) => writeOnnx(d, 'logit.onnx', binaryLogit()) },
  { name: 'NHWC logits at half resolution', write: (d) => writeOnnx(d, 'segment.onnx', nhwcHalfResolution()) },
  { name: 'float16 in and out', write: (d) => writeOnnx(d, 'half.onnx', float16Model()) },
  { name: 'uint8 input', write: (d) => writeOnnx(d, 'uint8.onnx', uint8Model()) },
  {
    name: 'argmax int64, symbolic height and width',
    write: (d) => writeOnnx(d, 'argmax.onnx', argmaxModel()),
    edit: (card) => {
      card.input.width = WIDTH;
      card.input.height = HEIGHT;
      card.classes = [0, 1, 2, 3].map((id) => ({ id, name: `class${id}`, color: '#102030', superclass: null }));
    },
  },
  {
    name: 'several outputs',
    write: (d) => writeOnnx(d, 'two.onnx', twoOutputModel()),
    edit: (card) => {
      card.output.tensorName = 'logits';
      card.classes = card.classes.slice(0, 3);
    },
  },
  {
    name: 'external data',
    write: (d) => {
      const { onnx, data } = externalDataModel();
      writeFileSync(join(d, 'weights.bin'), data);
      return writeOnnx(d, 'external.onnx', onnx);
    },
  },
  { name: 'grey input', write: (d) => writeOnnx(d, 'grey.onnx', greyModel()) },
];

const CORPUS: Entry[] = GRAPHS.map(({ name, write, edit }) => ({ name, origin: 'built in code', write, finish: (draft: CardJson) => renamed(draft, edit) }));

const REAL: Array<{ card: string; onnx: string }> = [
  { card: 'u2netp.card.json', onnx: 'u2netp/u2netp.onnx' },
  { card: 'isnet-small.card.json', onnx: 'imgly-isnet-small/model.onnx' },
  { card: 'isnet-medium.card.json', onnx: 'imgly-isnet-medium/model.onnx' },
];

function realEntries(): Entry[] {
  if (!MODELS) return [];
  return REAL.filter((m) => existsSync(join(MODELS, m.onnx))).map((m) => {
    const final = JSON.parse(readFileSync(join(here, '..', 'fixtures', 'real-world-cards', m.card), 'utf8')) as CardJson;
    return {
      name: final.name,
      origin: `${m.onnx} (real)`,
      write: () => resolve(MODELS, m.onnx),
      // The author's card, named as the draft named the model so only the fields they had to change count.
      finish: (draft: CardJson) => ({ ...final, name: draft.name, version: draft.version }),
    };
  });
}

/** Dotted paths of the card fields that differ, classes counted as one field. */
function changedFields(a: unknown, b: unknown, path = ''): string[] {
  if (path === 'classes' || path === 'description') return JSON.stringify(a) === JSON.stringify(b) ? [] : [path];
  if (typeof a === 'object' && a !== null && typeof b === 'object' && b !== null && !Array.isArray(a)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    return [...keys].flatMap((k) => changedFields((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], path ? `${path}.${k}` : k));
  }
  return JSON.stringify(a) === JSON.stringify(b) ? [] : [path];
}

const round = (v: number): number => Number(v.toFixed(1));

const temp = makeTempDir('faultline-bench-register-');
const core = createCore({ host: headlessHost('in-process'), userDataDir: join(temp.dir, 'home') });
const client = createClient(inProcessTransport(core));
try {
  const loadAtStart = loadavg();
  const meta = await sharp(PHOTO).metadata();
  const results = [];
  for (const [i, entry] of [...CORPUS, ...realEntries()].entries()) {
    const dir = join(temp.dir, `src-${i}`);
    mkdirSync(dir, { recursive: true });
    const onnxPath = entry.write(dir);
    const projectDir = join(temp.dir, `project-${i}`);
    await client.call('project.create', { dir: projectDir, name: entry.name });
    let t = performance.now();
    const inspected = await client.call('models.inspect', { onnxPath });
    const inspectMs = performance.now() - t;
    const card = entry.finish(inspected.card as CardJson);
    t = performance.now();
    const preview = await client.call('models.preview', { onnxPath, card, imagePath: resolve(PHOTO) });
    const previewMs = performance.now() - t;
    t = performance.now();
    const added = await client.call('models.add', { onnxPath, card, target: true });
    const addMs = performance.now() - t;
    const edited = changedFields(inspected.card, card).filter((f) => f !== 'classes' && f !== 'description');
    results.push({
      model: entry.name,
      origin: entry.origin,
      unsure: inspected.unsure,
      fieldsEditedBesidesClassNames: edited,
      ms: { inspect: round(inspectMs), preview: round(previewMs), add: round(addMs), total: round(inspectMs + previewMs + addMs) },
      previewShares: preview.classShares.map((s) => Number(s.toFixed(3))),
      registeredAs: `${added.name} ${added.version}`,
    });
    process.stderr.write(`${entry.name}: ${round(inspectMs + previewMs + addMs)} ms\n`);
  }
  process.stdout.write(
    `${JSON.stringify(
      {
        benchmark: 'registerModels',
        machine: { loadAverageAtStart: loadAtStart.map((v) => Number(v.toFixed(2))), loadAverageAtEnd: loadavg().map((v) => Number(v.toFixed(2))), cpus: cpus().length, node: process.version },
        conditions: { photo: basename(PHOTO), photoSize: `${meta.width}×${meta.height}`, provider: 'auto (CPU here)', steps: 'models.inspect → card finished from the draft → models.preview on the photo → models.add with the card inline (dry run included)' },
        results,
      },
      null,
      2,
    )}\n`,
  );
} finally {
  await core.dispose();
  temp.cleanup();
}
