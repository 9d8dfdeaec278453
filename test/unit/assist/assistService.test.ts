import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cropFromMask, PREVIEW_MAX_PIXELS } from '../../../shared/assist/maskCrop.js';
import { createClient, type Client } from '../../../shared/client/createClient.js';
import { FaultlineError } from '../../../shared/contract/errors.js';
import { createCore, headlessHost, type Core } from '../../../electron/core/index.js';
import { ASSIST_CACHE_DIR } from '../../../electron/core/assist/embeddingCache.js';
import { ASSIST_OBJECT as OBJECT, assistObjectPng, samDecoder, samEncoder, writeEfficientSamAssist, writeSam2Assist, writeSamAssist, writeTransformersSamAssist } from '../../fixtures/models/assistModels.js';
import { addImageFile } from '../../fixtures/models/tinyProject.js';
import { maskAt } from '../../helpers/maskAt.js';
import { makeTempDir } from '../../helpers/tempDir.js';
import { inProcessTransport } from '../../helpers/wsClientTransport.js';

async function refusal(promise: Promise<unknown>): Promise<FaultlineError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(FaultlineError);
  return error as FaultlineError;
}

describe('assist through the contract with tiny SAM-family graphs', () => {
  const temp = makeTempDir();
  let core: Core;
  let client: Client;
  let dir: string;
  let imageId: number;
  let second: number;

  beforeAll(async () => {
    core = createCore({ host: headlessHost('in-process'), userDataDir: join(temp.dir, 'home') });
    client = createClient(inProcessTransport(core));
    dir = join(temp.dir, 'p');
    await client.call('project.create', { dir, name: 'assist' });
    const { db } = core.session.requireWritable();
    const png = await assistObjectPng();
    imageId = await addImageFile(db, dir, 'images/object.png', png);
    second = await addImageFile(db, dir, 'images/object-2.png', await sharp(png).flop().png().toBuffer());
    writeSamAssist(dir);
    writeEfficientSamAssist(dir);
    writeTransformersSamAssist(dir);
    writeSam2Assist(dir);
    // A card that names a decoder that is not there, and a pair whose embeddings do not fit.
    writeSamAssist(dir, 'no-decoder', { card: { decoder: 'missing.onnx' } });
    const mismatched = join(dir, 'models', 'mismatched');
    writeSamAssist(dir, 'mismatched');
    writeFileSync(join(mismatched, 'decoder.onnx'), samDecoder(8));
    writeSamAssist(dir, 'nan-decoder', { nonFinite: true });
    const wrongSize = writeSamAssist(dir, 'wrong-size', { card: { inputSize: 512 } });
    writeFileSync(join(wrongSize, 'encoder.onnx'), samEncoder(256));
    mkdirSync(join(dir, 'models', 'unrelated'), { recursive: true });
  }, 60_000);
  afterAll(async () => {
    await core?.dispose();
    temp.cleanup();
  });

  it('lists every assist folder, with why the broken ones cannot be used, and skips other folders', async () => {
    const models = await client.call('assist.models', {});
    expect(models.map((m) => m.name)).toEqual(['mismatched', 'nan-decoder', 'no-decoder', 'tiny-efficientsam', 'tiny-sam', 'tiny-sam2', 'tiny-slimsam', 'wrong-size']);
    expect(models.find((m) => m.name === 'tiny-sam')).toEqual({ name: 'tiny-sam', format: 'sam', family: 'tiny test SAM', licence: 'Apache-2.0', problem: null });
    expect(models.find((m) => m.name === 'tiny-slimsam')).toMatchObject({ format: 'transformers-sam', problem: null });
    expect(models.find((m) => m.name === 'no-decoder')?.problem).toBe('missing missing.onnx (named in assist.json)');
  });

  it('encodes an image once, keeps it in the project, and segments the clicked object', async () => {
    const first = await client.call('assist.prepare', { model: 'tiny-sam', imageId, next: [second] });
    expect(first.cached).toBe(false);
    expect(first.encodeMs).toBeGreaterThan(0);
    const again = await client.call('assist.prepare', { model: 'tiny-sam', imageId });
    expect(again).toMatchObject({ cached: true, encodeMs: null });
    const cacheDirs = readdirSync(join(dir, ASSIST_CACHE_DIR));
    expect(cacheDirs).toHaveLength(1);
    expect(cacheDirs[0]).toMatch(/^tiny-sam-/);

    const { mask, decodeMs, stages } = await client.call('assist.decode', { model: 'tiny-sam', imageId, prompt: { points: [{ x: 100, y: 60, positive: true }], box: null } });
    expect(decodeMs).toBeGreaterThan(0);
    // The core says where the click's time went: the run is part of the worker's decode, which is part of the whole.
    expect(stages.runMs).toBeGreaterThan(0);
    expect(stages.runMs + stages.maskMs + stages.packMs).toBeCloseTo(decodeMs, 6);
    expect(stages.coreMs).toBeGreaterThanOrEqual(decodeMs);
    expect(mask).not.toBeNull();
    // The box of the bright rectangle, give or take the 4-pixel low-res cells.
    expect(Math.abs(mask!.x - OBJECT.x0)).toBeLessThanOrEqual(4);
    expect(Math.abs(mask!.y - OBJECT.y0)).toBeLessThanOrEqual(4);
    expect(Math.abs(mask!.x + mask!.width - OBJECT.x1)).toBeLessThanOrEqual(4);
    expect(Math.abs(mask!.y + mask!.height - OBJECT.y1)).toBeLessThanOrEqual(4);
    const inside = maskAt(mask!);
    expect(inside(128, 64)).toBe(true);
    expect(inside(20, 20)).toBe(false);
  });

  it('cuts a hole round a negative click and keeps the rest, seeded with the previous logits', async () => {
    const prompt = { points: [{ x: 100, y: 60, positive: true }, { x: 160, y: 64, positive: false }], box: null };
    const { mask } = await client.call('assist.decode', { model: 'tiny-sam', imageId, prompt, seed: 'previous' });
    const inside = maskAt(mask!);
    expect(inside(160, 64)).toBe(false);
    expect(inside(100, 60)).toBe(true);
    expect(inside(70, 40)).toBe(true);
  });

  it('takes a box and refines an existing region given as the mask input', async () => {
    const box = { x0: 60, y0: 28, x1: 196, y1: 100 };
    expect((await client.call('assist.decode', { model: 'tiny-sam', imageId, prompt: { points: [], box } })).mask).not.toBeNull();
    // A region over the dark corner: its +10 × 0.5 mask-input term outweighs the darkness (≈ −2), so the corner joins the mask.
    const region = Buffer.alloc(32 * 16, 1);
    const seed = { region: cropFromMask({ rect: { x: 0, y: 0, width: 32, height: 16 }, bits: region }) };
    const { mask } = await client.call('assist.decode', { model: 'tiny-sam', imageId, prompt: { points: [{ x: 100, y: 60, positive: true }], box: null }, seed });
    const inside = maskAt(mask!);
    expect(inside(8, 6)).toBe(true);
    expect(inside(8, 100)).toBe(false);
  });

  it('prefetches the next image of the queue in the background', async () => {
    await expect.poll(() => readdirSync(join(dir, ASSIST_CACHE_DIR, readdirSync(join(dir, ASSIST_CACHE_DIR))[0]!)).length, { timeout: 30_000 }).toBe(2);
    expect((await client.call('assist.prepare', { model: 'tiny-sam', imageId: second })).cached).toBe(true);
  });

  it('segments with the EfficientSAM and transformers.js layouts too', async () => {
    for (const model of ['tiny-efficientsam', 'tiny-slimsam']) {
      await client.call('assist.prepare', { model, imageId });
      const { mask, score } = await client.call('assist.decode', { model, imageId, prompt: { points: [{ x: 100, y: 60, positive: true }], box: null } });
      // The second of three candidates has the best predicted IoU.
      expect(score).toBeCloseTo(0.9, 5);
      const inside = maskAt(mask!);
      expect(inside(128, 64)).toBe(true);
      expect(inside(20, 20)).toBe(false);
      expect(Math.abs(mask!.x - OBJECT.x0)).toBeLessThanOrEqual(8);
    }
  });

  it('segments with SAM 2’s layout: three embedding tensors, its square resize by default, refinement by the previous logits', async () => {
    expect((await client.call('assist.models', {})).find((m) => m.name === 'tiny-sam2')).toMatchObject({ format: 'sam2', problem: null });
    await client.call('assist.prepare', { model: 'tiny-sam2', imageId });
    const prompt = { points: [{ x: 100, y: 60, positive: true }], box: null };
    const { mask, score } = await client.call('assist.decode', { model: 'tiny-sam2', imageId, prompt });
    expect(score).toBeCloseTo(0.9, 5);
    // 256×128 stretched to 256×256: the 4-pixel cells are 4×2 image pixels, so the box is within 4 across and 2 down.
    expect(Math.abs(mask!.x - OBJECT.x0)).toBeLessThanOrEqual(4);
    expect(Math.abs(mask!.y - OBJECT.y0)).toBeLessThanOrEqual(2);
    expect(Math.abs(mask!.x + mask!.width - OBJECT.x1)).toBeLessThanOrEqual(4);
    expect(Math.abs(mask!.y + mask!.height - OBJECT.y1)).toBeLessThanOrEqual(2);
    const inside = maskAt(mask!);
    expect(inside(128, 64)).toBe(true);
    expect(inside(20, 20)).toBe(false);
    // The previous click's logits as mask input: (+x) × 0.5 added to the same logits keeps the object and stays off the dark.
    const again = maskAt((await client.call('assist.decode', { model: 'tiny-sam2', imageId, prompt, seed: 'previous' })).mask!);
    expect(again(128, 64)).toBe(true);
    expect(again(20, 20)).toBe(false);
  });

  it('refuses broken models with the reason', async () => {
    const prepare = (model: string) => client.call('assist.prepare', { model, imageId });
    expect((await refusal(prepare('no-decoder'))).message).toBe('models/no-decoder cannot be used for assist: missing missing.onnx (named in assist.json).');
    expect((await refusal(prepare('mismatched'))).message).toMatch(/encoder's 'image_embeddings' is \(1, 8, 16, 16\) but the decoder's 'image_embeddings' takes \(1, 8, 8, 8\): they are not an encoder\/decoder pair/);
    expect((await refusal(prepare('nan-decoder'))).message).toMatch(/the decoder's dry run failed: the decoder produced NaN or infinite values/);
    expect((await refusal(prepare('wrong-size'))).message).toMatch(/the encoder takes 256×256 images but the card says inputSize 512/);
    expect((await refusal(prepare('nowhere'))).code).toBe('not_found');
    expect(existsSync(join(dir, 'project.faultline'))).toBe(true);
  });

  it('refuses clicks before the image is prepared and clicks outside it', async () => {
    // The refusals above left no model open.
    const early = await refusal(client.call('assist.decode', { model: 'tiny-sam', imageId, prompt: { points: [{ x: 10, y: 10, positive: true }], box: null } }));
    expect(early.code).toBe('invalid_input');
    await client.call('assist.prepare', { model: 'tiny-sam', imageId });
    const outside = await refusal(client.call('assist.decode', { model: 'tiny-sam', imageId, prompt: { points: [{ x: 300, y: 10, positive: true }], box: null } }));
    expect(outside.message).toBe('A click or box lies outside the 256×128 image.');
  });

  it('refuses an image whose file was replaced by one of another size, and goes on with the others', async () => {
    const { db } = core.session.requireWritable();
    const replaced = await addImageFile(db, dir, 'images/replaced.png', await sharp(await assistObjectPng()).rotate(90).png().toBuffer());
    writeFileSync(join(dir, 'images/replaced.png'), await assistObjectPng());
    const refused = await refusal(client.call('assist.prepare', { model: 'tiny-sam', imageId: replaced }));
    expect(refused.code).toBe('invalid_input');
    expect(refused.message).toBe(`Image ${replaced} decodes as 256×128, not the 128×256 it was imported at; re-import it.`);
    await client.call('assist.prepare', { model: 'tiny-sam', imageId: second });
  });

  it('previews a large object at lower resolution, and gives its whole mask to paint', async () => {
    const { db } = core.session.requireWritable();
    // 16 times the test image: the object's box is 2048 × 1024, just over a full-HD preview.
    const big = await addImageFile(db, dir, 'images/big.png', await sharp(await assistObjectPng()).resize(4096, 2048, { kernel: 'nearest' }).png().toBuffer());
    await client.call('assist.prepare', { model: 'tiny-sam', imageId: big });
    const { mask: preview } = await client.call('assist.decode', { model: 'tiny-sam', imageId: big, prompt: { points: [{ x: 2048, y: 1024, positive: true }], box: null } });
    expect(preview!.width * preview!.height).toBeGreaterThan(PREVIEW_MAX_PIXELS);
    expect(preview!.scale).toBe(2);
    const { mask: whole } = await client.call('assist.mask', { model: 'tiny-sam', imageId: big });
    expect(whole!.scale).toBeUndefined();
    // The preview's box is the whole mask's, grown to whole cells of 2 × 2 pixels of the image.
    const w = whole!;
    const p = preview!;
    expect(p.x).toBe(w.x - (w.x % 2));
    expect(p.y).toBe(w.y - (w.y % 2));
    expect(p.x + p.width).toBe(Math.min(4096, Math.ceil((w.x + w.width) / 2) * 2));
    expect(p.y + p.height).toBe(Math.min(2048, Math.ceil((w.y + w.height) / 2) * 2));
    // Each cell of the preview is the whole mask's pixel at the cell's centre.
    const inWhole = maskAt(w);
    const inPreview = maskAt(p);
    let differing = 0;
    for (let y = p.y + 1; y < p.y + p.height; y += 2) for (let x = p.x + 1; x < p.x + p.width; x += 2) if (inWhole(x, y) !== inPreview(x, y)) differing++;
    expect(differing).toBe(0);
    expect(maskAt(whole!)(2048, 1024)).toBe(true);
  });
});
