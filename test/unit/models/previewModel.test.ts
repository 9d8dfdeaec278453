import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient, type Client } from '../../../shared/client/createClient.js';
import { ModelCard } from '../../../shared/models/modelCard.js';
import { createCore, type Core } from '../../../electron/core/createCore.js';
import { headlessHost } from '../../../electron/core/host/hostServices.js';
import { HEIGHT, WIDTH, float16Model, nhwcHalfResolution, sigmoidNchw, writeOnnx } from '../../fixtures/models/exportedModels.js';
import { referenceLabels, referenceProbs, testPixels } from '../../fixtures/models/referenceScores.js';
import { makeTempDir } from '../../helpers/tempDir.js';
import { inProcessTransport } from '../../helpers/wsClientTransport.js';

let temp: ReturnType<typeof makeTempDir>;
let core: Core;
let client: Client;
let imagePath: string;

beforeAll(async () => {
  temp = makeTempDir();
  core = createCore({ host: headlessHost('in-process'), userDataDir: join(temp.dir, 'home') });
  client = createClient(inProcessTransport(core));
  imagePath = join(temp.dir, 'photo.png');
  await sharp(Buffer.from(testPixels()), { raw: { width: WIDTH, height: HEIGHT, channels: 3 } }).png().toFile(imagePath);
});
afterAll(async () => {
  await core.dispose();
  temp.cleanup();
});

const CASES = [
  { name: 'sigmoid NCHW', file: 'sigmoid.onnx', bytes: sigmoidNchw },
  { name: 'NHWC logits at half resolution', file: 'segment.onnx', bytes: nhwcHalfResolution },
  { name: 'float16 in and out', file: 'half.onnx', bytes: float16Model },
];

describe('models.preview', () => {
  it.each(CASES)('$name: the map is the direct computation from the draft card, without a project', async (c) => {
    const onnxPath = writeOnnx(join(temp.dir, 'src'), c.file, c.bytes());
    const { card } = await client.call('models.inspect', { onnxPath });
    const preview = await client.call('models.preview', { onnxPath, card, imagePath });

    expect([preview.width, preview.height]).toEqual([WIDTH, HEIGHT]);
    const parsed = ModelCard.parse(card);
    const k = parsed.classes.length;
    const { probs, h, w } = await referenceProbs(onnxPath, parsed, testPixels());
    const expected = referenceLabels(probs, k, h, w, WIDTH, HEIGHT);
    const labels = Array.from(inflateSync(Buffer.from(preview.labelMap, 'base64')));
    expect(labels).toEqual(expected);
    expect(new Set(expected).size).toBeGreaterThan(1);
    const shares = Array.from({ length: k }, (_, id) => expected.filter((l) => l === id).length / expected.length);
    preview.classShares.forEach((s, id) => expect(s).toBeCloseTo(shares[id]!, 6));
    expect(preview.provider).toBe('cpu');
    const shown = await sharp(Buffer.from(preview.image, 'base64')).metadata();
    expect([shown.format, shown.width, shown.height]).toEqual(['jpeg', WIDTH, HEIGHT]);
  });

  it('shows a wrong channel order in the mask: BGR gives another map than RGB', async () => {
    const onnxPath = writeOnnx(join(temp.dir, 'src'), 'sigmoid.onnx', sigmoidNchw());
    const { card } = await client.call('models.inspect', { onnxPath });
    const rgb = await client.call('models.preview', { onnxPath, card, imagePath });
    const bgr = await client.call('models.preview', { onnxPath, card: { ...card, input: { ...card.input, channelOrder: 'BGR' } }, imagePath });
    expect(bgr.labelMap).not.toEqual(rgb.labelMap);
  });

  it('bounds the returned map and image to 1024 pixels on the longest side', async () => {
    const onnxPath = writeOnnx(join(temp.dir, 'src'), 'sigmoid.onnx', sigmoidNchw());
    const { card } = await client.call('models.inspect', { onnxPath });
    const big = join(temp.dir, 'big.jpg');
    await sharp({ create: { width: 3000, height: 2000, channels: 3, background: { r: 220, g: 30, b: 30 } } }).jpeg().toFile(big);
    const preview = await client.call('models.preview', { onnxPath, card, imagePath: big });
    expect([preview.width, preview.height]).toEqual([1024, 683]);
    expect(inflateSync(Buffer.from(preview.labelMap, 'base64')).length).toBe(1024 * 683);
    // Red is foreground for this model everywhere.
    expect(preview.classShares[1]).toBe(1);
  });

  it('refuses a card that cannot read the output, naming the field and the fix, as models.add does', async () => {
    const onnxPath = writeOnnx(join(temp.dir, 'src'), 'sigmoid.onnx', sigmoidNchw());
    const { card } = await client.call('models.inspect', { onnxPath });
    const wrong = { ...card, output: { ...card.output, kind: 'logits' as const } };
    await expect(client.call('models.preview', { onnxPath, card: wrong, imagePath })).rejects.toMatchObject({
      code: 'invalid_input',
      message: expect.stringMatching(/output\.kind 'logits'.*set output\.kind to 'sigmoid'/),
    });
    const badInput = { ...card, input: { ...card.input, width: 16 } };
    await expect(client.call('models.preview', { onnxPath, card: badInput, imagePath })).rejects.toMatchObject({ message: expect.stringContaining('set input.height and input.width') });
  });

  it('refuses a file that is no image with what to give instead', async () => {
    const onnxPath = writeOnnx(join(temp.dir, 'src'), 'sigmoid.onnx', sigmoidNchw());
    const { card } = await client.call('models.inspect', { onnxPath });
    const notes = join(temp.dir, 'notes.png');
    writeFileSync(notes, 'not an image');
    await expect(client.call('models.preview', { onnxPath, card, imagePath: notes })).rejects.toMatchObject({ code: 'invalid_input', message: expect.stringContaining('cannot be decoded as an image') });
    await expect(client.call('models.preview', { onnxPath, card, imagePath: join(temp.dir, 'missing.png') })).rejects.toMatchObject({ code: 'not_found' });
  });
});

describe('models.add with an inline card', () => {
  it('registers the model with the card as given, and refuses a card file and an inline card together', async () => {
    const src = join(temp.dir, 'src');
    const onnxPath = writeOnnx(src, 'sigmoid.onnx', sigmoidNchw());
    await client.call('project.create', { dir: join(temp.dir, 'project'), name: 'Inline' });
    const { card } = await client.call('models.inspect', { onnxPath });
    const named = { ...card, name: 'lesions', classes: [{ ...card.classes[0]!, name: 'skin' }, { ...card.classes[1]!, name: 'lesion' }] };
    const cardPath = join(src, 'sigmoid.card.json');
    writeFileSync(cardPath, JSON.stringify(named));

    await expect(client.call('models.add', { onnxPath, cardPath, card: named })).rejects.toMatchObject({
      code: 'invalid_input',
      message: expect.stringContaining('give the card either as a file (cardPath) or inline (card), not both'),
    });
    const entry = await client.call('models.add', { onnxPath, card: named });
    expect([entry.name, entry.classes.map((c) => c.name)]).toEqual(['lesions', ['skin', 'lesion']]);
    expect((await client.call('classes.list')).map((c) => c.name)).toEqual(['skin', 'lesion']);

    const gapped = { ...named, version: '2', classes: [named.classes[0]!, { ...named.classes[1]!, id: 3 }] };
    await expect(client.call('models.add', { onnxPath, card: gapped })).rejects.toMatchObject({ message: expect.stringContaining('classes: ids must be 0..1') });
  });
});
