import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient, type Client } from '../../../shared/client/createClient.js';
import { createCore, headlessHost, type Core } from '../../../electron/core/index.js';
import {
  ASSIST_OBJECT as OBJECT,
  TINY_SAM_SIDE,
  assistObjectPng,
  edgeSamDecoder,
  inOrtFormat,
  sam2Encoder,
  sam2ExportDecoder,
  samDecoder,
  samEncoder,
  samHqPair,
  samPreprocessingEncoder,
  writeAssistFolder,
  writeEdgeSamFolder,
  writeTransformersSam21Folder,
} from '../../fixtures/models/assistModels.js';
import { addImageFile } from '../../fixtures/models/tinyProject.js';
import { maskAt } from '../../helpers/maskAt.js';
import { makeTempDir } from '../../helpers/tempDir.js';
import { inProcessTransport } from '../../helpers/wsClientTransport.js';

/**
 * Each folder holds tiny graphs with the exact signature of a third-party export people download
 * (the fixture says whose and where it was read), under that export's own file names, and is
 * registered, dry-run and clicked through the contract as a user's folder would be.
 */

const EMBEDDING_SIDE = TINY_SAM_SIDE / 16;
const CLICK = { points: [{ x: 100, y: 60, positive: true }], box: null };

describe('assist with the signatures of real third-party SAM-family exports', () => {
  const temp = makeTempDir();
  let core: Core;
  let client: Client;
  let dir: string;
  let imageId: number;

  beforeAll(async () => {
    core = createCore({ host: headlessHost('in-process'), userDataDir: join(temp.dir, 'home') });
    client = createClient(inProcessTransport(core));
    dir = join(temp.dir, 'p');
    await client.call('project.create', { dir, name: 'real-exports' });
    imageId = await addImageFile(core.session.requireWritable().db, dir, 'images/object.png', await assistObjectPng());
    const sam = { format: 'sam', inputSize: TINY_SAM_SIDE };
    writeAssistFolder(dir, 'acly-mobilesam', { 'mobile_sam_image_encoder.onnx': samPreprocessingEncoder(TINY_SAM_SIDE), 'sam_mask_decoder_multi.onnx': samDecoder(EMBEDDING_SIDE, { candidates: 4 }) }, { ...sam, family: 'MobileSAM', encoder: 'mobile_sam_image_encoder.onnx', decoder: 'sam_mask_decoder_multi.onnx' });
    writeAssistFolder(dir, 'acly-mobilesam-single', { 'mobile_sam_image_encoder.onnx': samPreprocessingEncoder(TINY_SAM_SIDE), 'sam_mask_decoder_single.onnx': samDecoder(EMBEDDING_SIDE) }, { ...sam, family: 'MobileSAM', encoder: 'mobile_sam_image_encoder.onnx', decoder: 'sam_mask_decoder_single.onnx' });
    writeAssistFolder(dir, 'x-anylabeling-efficientvit-sam', { 'l0_encoder.onnx': samPreprocessingEncoder(TINY_SAM_SIDE, 'uint8-hwc'), 'l0_decoder.onnx': samDecoder(EMBEDDING_SIDE, { candidates: 4 }) }, { ...sam, family: 'EfficientViT-SAM L0', encoder: 'l0_encoder.onnx', decoder: 'l0_decoder.onnx' });
    writeAssistFolder(dir, 'x-anylabeling-edgesam', { 'edge_sam_3x_encoder.onnx': samPreprocessingEncoder(TINY_SAM_SIDE, 'uint8-nchw'), 'edge_sam_3x_decoder.onnx': edgeSamDecoder(EMBEDDING_SIDE) }, { ...sam, family: 'EdgeSAM-3x', licence: 'S-Lab License 1.0 (non-commercial)', encoder: 'edge_sam_3x_encoder.onnx', decoder: 'edge_sam_3x_decoder.onnx' });
    const hq = samHqPair(171, 256, EMBEDDING_SIDE);
    writeAssistFolder(dir, 'x-anylabeling-sam-hq', { 'sam_hq_vit_b_encoder.onnx': hq.encoder, 'sam_hq_vit_b_decoder.onnx': hq.decoder }, { ...sam, family: 'SAM-HQ ViT-B', encoder: 'sam_hq_vit_b_encoder.onnx', decoder: 'sam_hq_vit_b_decoder.onnx' });
    writeAssistFolder(dir, 'labelme-sam-vit-b', { 'sam_vit_b_01ec64.quantized.encoder.onnx': samEncoder(TINY_SAM_SIDE, 'x'), 'sam_vit_b_01ec64.quantized.decoder.onnx': samDecoder(EMBEDDING_SIDE, { candidates: 4 }) }, { ...sam, family: 'SAM ViT-B (quantized)', encoder: 'sam_vit_b_01ec64.quantized.encoder.onnx', decoder: 'sam_vit_b_01ec64.quantized.decoder.onnx' });
    // onnxruntime's SAM 2 pair under a card that says 'sam': its decoder even has an 'image_embeddings' input.
    writeAssistFolder(dir, 'sam2-as-sam', { 'encoder.onnx': sam2Encoder(TINY_SAM_SIDE, ['image_features_0', 'image_features_1', 'image_embeddings']), 'decoder.onnx': sam2ExportDecoder(EMBEDDING_SIDE, 'onnxruntime') }, { ...sam, family: 'SAM 2', encoder: 'encoder.onnx', decoder: 'decoder.onnx' });
    writeEdgeSamFolder(dir);
    const sam2 = { format: 'sam2', family: 'SAM 2.1 tiny', inputSize: TINY_SAM_SIDE };
    writeAssistFolder(dir, 'sam2-samexporter', { 'sam2.1_hiera_tiny.encoder.onnx': sam2Encoder(TINY_SAM_SIDE), 'sam2.1_hiera_tiny.decoder.onnx': sam2ExportDecoder(EMBEDDING_SIDE, 'samexporter') }, { ...sam2, encoder: 'sam2.1_hiera_tiny.encoder.onnx', decoder: 'sam2.1_hiera_tiny.decoder.onnx' });
    writeAssistFolder(dir, 'sam2-ibai', { 'sam2_hiera_tiny_encoder.onnx': sam2Encoder(TINY_SAM_SIDE), 'sam2_hiera_tiny_decoder.onnx': sam2ExportDecoder(EMBEDDING_SIDE, 'ibai') }, { ...sam2, encoder: 'sam2_hiera_tiny_encoder.onnx', decoder: 'sam2_hiera_tiny_decoder.onnx' });
    writeAssistFolder(dir, 'sam2-onnxruntime', { 'sam2_hiera_small_image_encoder.onnx': sam2Encoder(TINY_SAM_SIDE, ['image_features_0', 'image_features_1', 'image_embeddings']), 'sam2_hiera_small_image_decoder_multi.onnx': sam2ExportDecoder(EMBEDDING_SIDE, 'onnxruntime') }, { ...sam2, encoder: 'sam2_hiera_small_image_encoder.onnx', decoder: 'sam2_hiera_small_image_decoder_multi.onnx' });
    // g-ronimo/sam2-tiny: an ORT-format encoder whose outputs its readers take by position (the names here are not the decoder's).
    const byPosition = await inOrtFormat(sam2Encoder(TINY_SAM_SIDE, ['output_0', 'output_1', 'output_2']));
    writeAssistFolder(dir, 'sam2-tiny-ort', { 'sam2_hiera_tiny_encoder.with_runtime_opt.ort': byPosition, 'sam2_hiera_tiny_decoder_pr1.onnx': sam2ExportDecoder(EMBEDDING_SIDE, 'samexporter') }, { ...sam2, encoder: 'sam2_hiera_tiny_encoder.with_runtime_opt.ort', decoder: 'sam2_hiera_tiny_decoder_pr1.onnx' });
    writeTransformersSam21Folder(dir);
  }, 60_000);
  afterAll(async () => {
    await core?.dispose();
    temp.cleanup();
  });

  it('lists every folder as usable, the transformers.js SAM 2 one from its config alone', async () => {
    const models = await client.call('assist.models', {});
    expect(models.map((m) => [m.name, m.problem])).toEqual([
      ['acly-mobilesam', null],
      ['acly-mobilesam-single', null],
      ['edgesam', null],
      ['labelme-sam-vit-b', null],
      ['sam2-as-sam', null],
      ['sam2-ibai', null],
      ['sam2-onnxruntime', null],
      ['sam2-samexporter', null],
      ['sam2-tiny-ort', null],
      ['sam2.1-hiera-tiny-ONNX', null],
      ['x-anylabeling-edgesam', null],
      ['x-anylabeling-efficientvit-sam', null],
      ['x-anylabeling-sam-hq', null],
    ]);
    expect(models.find((m) => m.name === 'sam2.1-hiera-tiny-ONNX')).toMatchObject({ format: 'transformers-sam', family: 'SAM 2 (transformers.js)' });
  });

  // Every fixture's best candidate has the IoU 0.9 but Meta's single-mask one, which reports its mean logit.
  it.each([
    ['acly-mobilesam', 0.9, 4],
    ['acly-mobilesam-single', null, 4],
    ['edgesam', 0.9, 4],
    ['labelme-sam-vit-b', 0.9, 4],
    // 0.9 also says no padding point was added: these graphs pad themselves (0.65 with one more).
    ['sam2-samexporter', 0.9, 4],
    ['sam2-ibai', 0.9, 4],
    ['sam2-onnxruntime', 0.9, 4],
    ['sam2-tiny-ort', 0.9, 4],
    ['x-anylabeling-efficientvit-sam', 0.9, 4],
    ['x-anylabeling-edgesam', 0.9, 4],
  ])('segments the clicked object with %s', async (model, score, tolerance) => {
    await client.call('assist.prepare', { model, imageId });
    const decoded = await client.call('assist.decode', { model, imageId, prompt: CLICK });
    if (score !== null) expect(decoded.score).toBeCloseTo(score, 5);
    const mask = decoded.mask!;
    expect(Math.abs(mask.x - OBJECT.x0)).toBeLessThanOrEqual(tolerance);
    expect(Math.abs(mask.x + mask.width - OBJECT.x1)).toBeLessThanOrEqual(tolerance);
    expect(Math.abs(mask.y - OBJECT.y0)).toBeLessThanOrEqual(tolerance);
    expect(Math.abs(mask.y + mask.height - OBJECT.y1)).toBeLessThanOrEqual(tolerance);
    const inside = maskAt(mask);
    expect(inside(128, 64)).toBe(true);
    expect(inside(20, 20)).toBe(false);
  });

  it('refines with the previous logits where the decoder takes a mask input, and by clicks alone where it takes none', async () => {
    for (const model of ['sam2-samexporter', 'sam2-onnxruntime', 'edgesam']) {
      await client.call('assist.prepare', { model, imageId });
      await client.call('assist.decode', { model, imageId, prompt: CLICK });
      const again = maskAt((await client.call('assist.decode', { model, imageId, prompt: CLICK, seed: 'previous' })).mask!);
      expect(again(128, 64)).toBe(true);
      expect(again(20, 20)).toBe(false);
    }
  });

  it('segments with the transformers.js SAM 2 layout and sends a box as input_boxes', async () => {
    const model = 'sam2.1-hiera-tiny-ONNX';
    await client.call('assist.prepare', { model, imageId });
    const clicked = await client.call('assist.decode', { model, imageId, prompt: CLICK });
    expect(clicked.score).toBeCloseTo(0.9, 5);
    const inside = maskAt(clicked.mask!);
    expect(inside(128, 64)).toBe(true);
    expect(inside(20, 20)).toBe(false);
    // A box over the dark top-left corner and no click: the graph's box term (+20) puts the corner in the mask.
    const boxed = maskAt((await client.call('assist.decode', { model, imageId, prompt: { points: [], box: { x0: 4, y0: 4, x1: 40, y1: 24 } } })).mask!);
    expect(boxed(20, 14)).toBe(true);
    expect(boxed(250, 120)).toBe(false);
  });

  it('refuses SAM-HQ as X-AnyLabeling ships it, saying what does not fit', async () => {
    const refusal = await client.call('assist.prepare', { model: 'x-anylabeling-sam-hq', imageId }).then(
      () => null,
      (e: unknown) => (e as Error).message,
    );
    expect(refusal).toBe(
      "models/x-anylabeling-sam-hq cannot be used for assist: the encoder takes raw pixels only at 171 × 256; export it with a symbolic height and width; no output of the encoder ('image_embeddings', 'interm_0', 'interm_1', 'interm_2', 'interm_3') fits the decoder's 'interm_embeddings': they are not an encoder/decoder pair (format 'sam').",
    );
  });

  it('names the format a SAM 2 pair registered as \'sam\' needs', async () => {
    const refusal = await client.call('assist.prepare', { model: 'sam2-as-sam', imageId }).then(
      () => null,
      (e: unknown) => (e as Error).message,
    );
    expect(refusal).toBe("models/sam2-as-sam cannot be used for assist: the decoder takes SAM 2's high-resolution feature maps: its format is 'sam2' (format 'sam').");
  });
});
