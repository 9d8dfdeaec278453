import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { GraphBuilder, serializeModel } from '../../models/onnx/graphBuilder.js';
import { mulberry32 } from '../../shared/mining/prng.js';
import { slowBranch, type SlowShape } from '../fixtures/models/slowModels.js';

/**
 * Tiny model folders in the Hugging Face layout that transformers.js loads, built in code with
 * random weights, so the CLIP and captioning paths run offline in CI. They are structurally real
 * (processor, tokenizer, config, ONNX graphs with the input and output names of an exported
 * model, a key/value cache the generator threads through) but know nothing about images.
 */

const IMAGE = 32;
const PATCH = 8;
const WIDTH = 16;
const HEADS = 2;
const HEAD_DIM = WIDTH / HEADS;

/** Words of the tiny vocabulary: captions come out as strings of these. */
const WORDS = ['a', 'street', 'road', 'car', 'sky', 'tree', 'building', 'person', 'at', 'night', 'in', 'fog', 'dark', 'bright', 'with', 'the'];
const SPECIAL = ['[PAD]', '[UNK]', '[BOS]', '[EOS]'];
const VOCAB = [...SPECIAL, ...WORDS];

function randomWeights(random: () => number, n: number, scale: number): Float32Array {
  return Float32Array.from({ length: n }, () => (random() * 2 - 1) * scale);
}

function writeJson(path: string, value: unknown): void {
  writeFileSync(path, JSON.stringify(value, null, 2));
}

/** A WordPiece tokenizer over the tiny vocabulary: lower-case, split on white space and punctuation. */
function tokenizerJson() {
  return {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: SPECIAL.map((content, id) => ({ id, content, single_word: false, lstrip: false, rstrip: false, normalized: false, special: true })),
    normalizer: { type: 'Lowercase' },
    pre_tokenizer: { type: 'BertPreTokenizer' },
    post_processor: null,
    decoder: { type: 'WordPiece', prefix: '##', cleanup: true },
    model: { type: 'WordPiece', unk_token: '[UNK]', continuing_subword_prefix: '##', max_input_chars_per_word: 100, vocab: Object.fromEntries(VOCAB.map((w, i) => [w, i])) },
  };
}

function writeTokenizer(dir: string, tokenizerClass: string): void {
  writeJson(join(dir, 'tokenizer.json'), tokenizerJson());
  writeJson(join(dir, 'tokenizer_config.json'), {
    tokenizer_class: tokenizerClass,
    model_max_length: 16,
    pad_token: '[PAD]',
    unk_token: '[UNK]',
    bos_token: '[BOS]',
    eos_token: '[EOS]',
  });
}

/** Patchify: a stride-PATCH convolution to WIDTH channels, N×WIDTH×(IMAGE/PATCH)². */
function patchEmbed(g: GraphBuilder, pixels: string, random: () => number): string {
  return g.node('Conv', [pixels, g.floatInitializer(randomWeights(random, WIDTH * 3 * PATCH * PATCH, 0.05), [WIDTH, 3, PATCH, PATCH])], {
    kernel_shape: [PATCH, PATCH],
    strides: [PATCH, PATCH],
  });
}

/** `slow`: the image, upsampled to the slow shape's side, also goes through its slow branch (slowModels.ts). */
function visionModel(random: () => number, projection: number, slow: SlowShape | null): Uint8Array {
  const g = new GraphBuilder('tiny_clip_vision');
  const pixels = g.input('pixel_values', ['batch_size', 3, IMAGE, IMAGE]);
  let patches = patchEmbed(g, pixels, random);
  if (slow) patches = g.add(patches, g.averagePool(slowBranch(g, g.upsample(pixels, slow.side / IMAGE), 3, WIDTH, slow), (slow.side / IMAGE) * PATCH, (slow.side / IMAGE) * PATCH));
  const pooled = g.node('ReduceMean', [patches], { axes: [2, 3], keepdims: 0 });
  g.node('MatMul', [pooled, g.floatInitializer(randomWeights(random, WIDTH * projection, 0.5), [WIDTH, projection])], {}, 'image_embeds');
  g.output('image_embeds', ['batch_size', projection]);
  return serializeModel(g.build({ producer: 'faultline-tests' }));
}

function textModel(random: () => number, projection: number): Uint8Array {
  const g = new GraphBuilder('tiny_clip_text');
  const ids = g.input('input_ids', ['batch_size', 'sequence_length'], 'int64');
  const tokens = g.node('Gather', [g.floatInitializer(randomWeights(random, VOCAB.length * WIDTH, 1), [VOCAB.length, WIDTH]), ids]);
  const pooled = g.node('ReduceMean', [tokens], { axes: [1], keepdims: 0 });
  g.node('MatMul', [pooled, g.floatInitializer(randomWeights(random, WIDTH * projection, 0.5), [WIDTH, projection])], {}, 'text_embeds');
  g.output('text_embeds', ['batch_size', projection]);
  return serializeModel(g.build({ producer: 'faultline-tests' }));
}

/** Writes a CLIP-like folder: image tower (taking seconds per image with `slow`), and text tower unless `text` is false. */
export function writeTinyClip(dir: string, options: { seed?: number; projection?: number; text?: boolean; slow?: SlowShape } = {}): string {
  const random = mulberry32(options.seed ?? 7);
  const projection = options.projection ?? 12;
  mkdirSync(join(dir, 'onnx'), { recursive: true });
  writeJson(join(dir, 'config.json'), {
    model_type: 'clip',
    architectures: ['CLIPModel'],
    projection_dim: projection,
    text_config: { model_type: 'clip_text_model', hidden_size: WIDTH, vocab_size: VOCAB.length, max_position_embeddings: 16 },
    vision_config: { model_type: 'clip_vision_model', hidden_size: WIDTH, image_size: IMAGE, patch_size: PATCH },
  });
  writeJson(join(dir, 'preprocessor_config.json'), {
    image_processor_type: 'CLIPImageProcessor',
    do_resize: true,
    size: { shortest_edge: IMAGE },
    do_center_crop: true,
    crop_size: { height: IMAGE, width: IMAGE },
    do_rescale: true,
    rescale_factor: 1 / 255,
    do_normalize: true,
    image_mean: [0.4815, 0.4578, 0.4082],
    image_std: [0.2686, 0.2613, 0.2758],
    do_convert_rgb: true,
    resample: 3,
  });
  writeFileSync(join(dir, 'onnx', 'vision_model.onnx'), visionModel(random, projection, options.slow ?? null));
  if (options.text !== false) {
    writeTokenizer(dir, 'CLIPTokenizer');
    writeFileSync(join(dir, 'onnx', 'text_model.onnx'), textModel(random, projection));
  }
  return dir;
}

function encoderModel(random: () => number): Uint8Array {
  const g = new GraphBuilder('tiny_vit_encoder');
  const pixels = g.input('pixel_values', ['batch_size', 3, IMAGE, IMAGE]);
  const patches = g.node('Reshape', [patchEmbed(g, pixels, random), g.int64Initializer([0, WIDTH, -1], [3])]);
  g.node('Transpose', [patches], { perm: [0, 2, 1] }, 'last_hidden_state');
  g.output('last_hidden_state', ['batch_size', 'encoder_sequence_length', WIDTH]);
  return serializeModel(g.build({ producer: 'faultline-tests' }));
}

/**
 * A one-layer decoder with the merged-decoder interface: token embedding plus the mean of the
 * encoder states gives the logits; the new keys and values are appended to the cache it is given.
 */
function decoderModel(random: () => number): Uint8Array {
  const g = new GraphBuilder('tiny_gpt2_decoder');
  const ids = g.input('input_ids', ['batch_size', 'decoder_sequence_length'], 'int64');
  const encoded = g.input('encoder_hidden_states', ['batch_size', 'encoder_sequence_length', WIDTH]);
  const pastKey = g.input('past_key_values.0.key', ['batch_size', HEADS, 'past_decoder_sequence_length', HEAD_DIM]);
  const pastValue = g.input('past_key_values.0.value', ['batch_size', HEADS, 'past_decoder_sequence_length', HEAD_DIM]);
  const tokens = g.node('Gather', [g.floatInitializer(randomWeights(random, VOCAB.length * WIDTH, 1), [VOCAB.length, WIDTH]), ids]);
  const heads = (name: string) => {
    const projected = g.node('MatMul', [tokens, g.floatInitializer(randomWeights(random, WIDTH * WIDTH, 0.5), [WIDTH, WIDTH])]);
    const split = g.node('Reshape', [projected, g.int64Initializer([0, 0, HEADS, HEAD_DIM], [4])]);
    return g.node('Transpose', [split], { perm: [0, 2, 1, 3] }, `${name}_new`);
  };
  for (const [past, present] of [
    [pastKey, 'present.0.key'],
    [pastValue, 'present.0.value'],
  ] as const) {
    g.node('Concat', [past, heads(present)], { axis: 2 }, present);
    g.output(present, ['batch_size', HEADS, 'present_sequence_length', HEAD_DIM]);
  }
  // The mean of the whole cache makes each step depend on the tokens before it, as attention would.
  const history = g.node('Reshape', [g.node('ReduceMean', ['present.0.value'], { axes: [2], keepdims: 0 }), g.int64Initializer([0, 1, WIDTH], [3])]);
  const context = g.node('ReduceMean', [encoded], { axes: [1], keepdims: 1 });
  const hidden = g.add(g.add(tokens, context), g.mul(history, g.floatInitializer([4], [1])));
  g.node('MatMul', [hidden, g.floatInitializer(randomWeights(random, WIDTH * VOCAB.length, 1), [WIDTH, VOCAB.length])], {}, 'logits');
  g.output('logits', ['batch_size', 'decoder_sequence_length', VOCAB.length]);
  return serializeModel(g.build({ producer: 'faultline-tests' }));
}

/** Writes a ViT-GPT2-like captioning folder (image-to-text). */
export function writeTinyCaptioner(dir: string, options: { seed?: number; maxLength?: number } = {}): string {
  const random = mulberry32(options.seed ?? 11);
  mkdirSync(join(dir, 'onnx'), { recursive: true });
  const special = { pad_token_id: 0, bos_token_id: 2, eos_token_id: 3, decoder_start_token_id: 2 };
  writeJson(join(dir, 'config.json'), {
    model_type: 'vision-encoder-decoder',
    architectures: ['VisionEncoderDecoderModel'],
    is_encoder_decoder: true,
    ...special,
    encoder: { model_type: 'vit', hidden_size: WIDTH, image_size: IMAGE, patch_size: PATCH },
    decoder: { model_type: 'gpt2', n_layer: 1, n_head: HEADS, n_embd: WIDTH, vocab_size: VOCAB.length, add_cross_attention: true, bos_token_id: 2, eos_token_id: 3 },
  });
  writeJson(join(dir, 'generation_config.json'), { ...special, max_length: options.maxLength ?? 8 });
  writeJson(join(dir, 'preprocessor_config.json'), {
    image_processor_type: 'ViTImageProcessor',
    do_resize: true,
    size: { height: IMAGE, width: IMAGE },
    do_rescale: true,
    rescale_factor: 1 / 255,
    do_normalize: true,
    image_mean: [0.5, 0.5, 0.5],
    image_std: [0.5, 0.5, 0.5],
    resample: 2,
  });
  writeTokenizer(dir, 'GPT2Tokenizer');
  writeFileSync(join(dir, 'onnx', 'encoder_model.onnx'), encoderModel(random));
  writeFileSync(join(dir, 'onnx', 'decoder_model_merged.onnx'), decoderModel(random));
  return dir;
}
