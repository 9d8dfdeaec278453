import { describe, expect, it } from 'vitest';
import { pairEmbedding, type Signature, type TensorInfo } from '../../../electron/core/assist/assistAdapters.js';

const t = (name: string, shape: TensorInfo['shape'], type = 'float32'): TensorInfo => ({ name, type, shape });

/** SAM 2's decoder inputs as samexporter declares them (the embedding side 64, mask 256). */
const SAM2_DECODER: Signature = {
  inputs: [
    t('image_embed', [1, 256, 64, 64]),
    t('high_res_feats_0', [1, 32, 256, 256]),
    t('high_res_feats_1', [1, 64, 128, 128]),
    t('point_coords', ['num_labels', 'num_points', 2]),
    t('point_labels', ['num_labels', 'num_points']),
    t('mask_input', ['num_labels', 1, 256, 256]),
    t('has_mask_input', ['num_labels']),
  ],
  outputs: [t('masks', ['num_labels', 3, 256, 256]), t('iou_predictions', ['num_labels', 3])],
};

const encoder = (...outputs: TensorInfo[]): Signature => ({ inputs: [t('image', [1, 3, 1024, 1024])], outputs });

describe('pairEmbedding', () => {
  it('pairs a SAM 2 encoder by name, leaving the prompt inputs to the adapter', () => {
    const named = encoder(t('high_res_feats_0', [1, 32, 256, 256]), t('high_res_feats_1', [1, 64, 128, 128]), t('image_embed', [1, 256, 64, 64]));
    expect(pairEmbedding(named, SAM2_DECODER)).toEqual({
      pairs: [
        ['image_embed', 'image_embed'],
        ['high_res_feats_0', 'high_res_feats_0'],
        ['high_res_feats_1', 'high_res_feats_1'],
      ],
      problems: [],
    });
  });

  it('pairs outputs the decoder does not know by name by their shapes (an .ort encoder read by position)', () => {
    const anonymous = encoder(t('output_0', [1, 32, 256, 256]), t('output_1', [1, 64, 128, 128]), t('output_2', [1, 256, 64, 64]));
    expect(pairEmbedding(anonymous, SAM2_DECODER).pairs).toEqual([
      ['output_2', 'image_embed'],
      ['output_0', 'high_res_feats_0'],
      ['output_1', 'high_res_feats_1'],
    ]);
  });

  it('feeds a lone output into the lone embedding input whatever its name, and names a shape that does not fit', () => {
    const decoder: Signature = { inputs: [t('image_embeddings', [1, 256, 64, 64]), t('point_coords', [1, 'num_points', 2]), t('point_labels', [1, 'num_points'])], outputs: [] };
    expect(pairEmbedding(encoder(t('embeddings', [1, 256, 64, 64])), decoder)).toEqual({ pairs: [['embeddings', 'image_embeddings']], problems: [] });
    expect(pairEmbedding(encoder(t('embeddings', [1, 256, 32, 32])), decoder).problems).toEqual([
      "the encoder's 'embeddings' is (1, 256, 32, 32) but the decoder's 'image_embeddings' takes (1, 256, 64, 64): they are not an encoder/decoder pair",
    ]);
  });

  it('refuses outputs whose shapes cannot tell which input they feed, in one sentence naming both sides', () => {
    const symbolic = encoder(t('a', [1, 'c', 'h', 'w']), t('b', [1, 'c', 'h', 'w']), t('c', [1, 'c', 'h', 'w']));
    expect(pairEmbedding(symbolic, SAM2_DECODER)).toEqual({
      pairs: [],
      problems: ["the decoder takes none of the encoder's outputs ('a', 'b', 'c'): they are not an encoder/decoder pair"],
    });
    const oneMissing = encoder(t('high_res_feats_0', [1, 32, 256, 256]), t('image_embed', [1, 256, 64, 64]));
    expect(pairEmbedding(oneMissing, SAM2_DECODER).problems).toEqual(["no output of the encoder ('high_res_feats_0', 'image_embed') fits the decoder's 'high_res_feats_1': they are not an encoder/decoder pair"]);
  });

  it('refuses float16 embeddings, which the worker cannot hand over as they are', () => {
    const half = encoder(t('high_res_feats_0', [1, 32, 256, 256], 'float16'), t('high_res_feats_1', [1, 64, 128, 128]), t('image_embed', [1, 256, 64, 64]));
    expect(pairEmbedding(half, SAM2_DECODER).problems).toEqual(["the encoder's 'high_res_feats_0' is float16; Faultline takes float32 embeddings (use the float32 export)"]);
  });
});
