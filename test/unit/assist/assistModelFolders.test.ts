import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { listAssistModels } from '../../../electron/core/assist/assistModelFolders.js';
import { writeAssistFolder } from '../../fixtures/models/assistModels.js';
import { makeTempDir } from '../../helpers/tempDir.js';

/** Folder discovery reads files only: placeholder bytes stand in for graphs, which are checked when the model is opened. */
const GRAPH = new Uint8Array([8, 7]);

describe('assist model folders as people download them', () => {
  const temp = makeTempDir();
  afterAll(() => temp.cleanup());

  it('recognises transformers.js folders of every SAM-family model type, by their config and the first precision present', () => {
    const dir = join(temp.dir, 'p1');
    // Xenova/slimsam-77-uniform: SAM's processor scales the long side (size.longest_edge); full precision beside quantized.
    writeAssistFolder(dir, 'slimsam-77-uniform', {
      'config.json': JSON.stringify({ model_type: 'sam' }),
      'preprocessor_config.json': JSON.stringify({ size: { longest_edge: 1024 }, pad_size: { height: 1024, width: 1024 } }),
      'onnx/vision_encoder.onnx': GRAPH,
      'onnx/prompt_encoder_mask_decoder.onnx': GRAPH,
      'onnx/vision_encoder_quantized.onnx': GRAPH,
      'onnx/prompt_encoder_mask_decoder_quantized.onnx': GRAPH,
    });
    // An onnx-community SAM 2.1 folder copied with only its 4-bit pair, and no preprocessor config: SAM 2's square default.
    writeAssistFolder(dir, 'sam2.1-hiera-small-ONNX', {
      'config.json': JSON.stringify({ model_type: 'sam2' }),
      'onnx/vision_encoder_q4.onnx': GRAPH,
      'onnx/prompt_encoder_mask_decoder_q4.onnx': GRAPH,
      'onnx/prompt_encoder_mask_decoder_fp16.onnx': GRAPH,
    });
    writeAssistFolder(dir, 'edgetam', { 'config.json': JSON.stringify({ model_type: 'edgetam' }), 'onnx/vision_encoder_fp16.onnx': GRAPH, 'onnx/prompt_encoder_mask_decoder_fp16.onnx': GRAPH });
    // Not a mask generator: skipped like any other folder.
    writeAssistFolder(dir, 'segformer', { 'config.json': JSON.stringify({ model_type: 'segformer' }), 'onnx/model.onnx': GRAPH });
    writeAssistFolder(dir, 'sam2-no-graphs', { 'config.json': JSON.stringify({ model_type: 'sam2' }) });

    const models = listAssistModels(dir);
    expect(models.map((m) => m.name)).toEqual(['edgetam', 'sam2-no-graphs', 'sam2.1-hiera-small-ONNX', 'slimsam-77-uniform']);
    const byName = Object.fromEntries(models.map((m) => [m.name, m]));
    expect(byName['slimsam-77-uniform']!.card).toMatchObject({ format: 'transformers-sam', encoder: 'onnx/vision_encoder.onnx', decoder: 'onnx/prompt_encoder_mask_decoder.onnx', resize: 'longest-side', inputSize: 1024 });
    expect(byName['sam2.1-hiera-small-ONNX']!.card).toMatchObject({ family: 'SAM 2 (transformers.js)', encoder: 'onnx/vision_encoder_q4.onnx', decoder: 'onnx/prompt_encoder_mask_decoder_q4.onnx', resize: 'square', inputSize: 1024 });
    expect(byName.edgetam!.card).toMatchObject({ family: 'EdgeTAM (transformers.js)', encoder: 'onnx/vision_encoder_fp16.onnx', resize: 'square' });
    expect(byName['sam2-no-graphs']!.problem).toBe('missing onnx/vision_encoder.onnx and onnx/prompt_encoder_mask_decoder.onnx (of the same precision)');
  });

  it('accepts .ort graphs in a card and refuses other files with the reason', () => {
    const dir = join(temp.dir, 'p2');
    writeAssistFolder(dir, 'sam2-tiny', { 'sam2_hiera_tiny_encoder.with_runtime_opt.ort': GRAPH, 'sam2_hiera_tiny_decoder_pr1.onnx': GRAPH }, { format: 'sam2', family: 'SAM 2 tiny', encoder: 'sam2_hiera_tiny_encoder.with_runtime_opt.ort', decoder: 'sam2_hiera_tiny_decoder_pr1.onnx' });
    writeAssistFolder(dir, 'weights-only', { 'sam_vit_b.pth': GRAPH }, { format: 'sam', family: 'SAM', encoder: 'sam_vit_b.pth', decoder: 'sam_vit_b.pth' });
    const [tiny, weights] = listAssistModels(dir);
    expect(tiny).toMatchObject({ problem: null, card: { resize: 'square', encoder: 'sam2_hiera_tiny_encoder.with_runtime_opt.ort' } });
    expect(weights!.problem).toBe('assist.json cannot be used: encoder: an .onnx or .ort file inside the model folder (letters, digits, . _ - @ /); decoder: an .onnx or .ort file inside the model folder (letters, digits, . _ - @ /)');
  });
});
