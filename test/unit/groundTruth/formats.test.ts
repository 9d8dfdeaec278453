import { describe, expect, it } from 'vitest';
import { encodeCompressedRle } from '../../../shared/geometry/rle.js';
import { ClassMapping } from '../../../shared/labels/formats/classMapping.js';
import { decodeCoco } from '../../../shared/labels/formats/coco.js';
import { decodeCvat } from '../../../shared/labels/formats/cvat.js';
import { CITYSCAPES_LABEL_NAMES, mapIndexedMask, namesInOrder, parseLabelmap } from '../../../shared/labels/formats/indexedMasks.js';
import { decodeLabelStudio, labelStudioImageRef } from '../../../shared/labels/formats/labelStudio.js';
import type { LabelItem } from '../../../shared/labels/formats/labelSource.js';
import { ImageMatcher } from '../../../shared/labels/formats/matchImages.js';

const U = 255;
const classes = new ClassMapping([
  { id: 0, name: 'background' },
  { id: 1, name: 'road' },
  { id: 2, name: 'car' },
  { id: 3, name: 'person' },
]);

/** 4×3: road everywhere, car on (1,1) and (2,1). */
const ROAD_WITH_CAR = [1, 1, 1, 1, 1, 2, 2, 1, 1, 1, 1, 1];

function rendered(items: LabelItem[], index = 0) {
  const item = items[index]!;
  if (item.kind !== 'entry') throw new Error(`expected an entry, got a refusal: ${item.reason}`);
  return { ref: item.ref, size: [item.width, item.height], ...item.render() };
}

describe('COCO', () => {
  const coco = {
    info: { description: 'hand-made' },
    images: [
      { id: 10, file_name: 'street/a.jpg', width: 4, height: 3 },
      { id: 11, file_name: 'b.jpg', width: 4, height: 3 },
      { id: 12, file_name: 'c.jpg', width: 4, height: 3 },
    ],
    categories: [
      { id: 1, name: 'Road', supercategory: 'flat' },
      { id: 2, name: 'car', supercategory: 'vehicle' },
      { id: 9, name: 'tree', supercategory: 'nature' },
    ],
    annotations: [
      { id: 1, image_id: 10, category_id: 1, segmentation: [[0, 0, 4, 0, 4, 3, 0, 3]], area: 12, bbox: [0, 0, 4, 3], iscrowd: 0 },
      { id: 2, image_id: 10, category_id: 2, segmentation: [[1, 1, 3, 1, 3, 2, 1, 2]], area: 2, bbox: [1, 1, 2, 1], iscrowd: 0 },
      // A crowd in uncompressed RLE (column-major, starting with 0s): only pixel (3, 2), of a class the project lacks.
      { id: 3, image_id: 10, category_id: 9, segmentation: { size: [3, 4], counts: [11, 1] }, area: 1, bbox: [3, 2, 1, 1], iscrowd: 1 },
      { id: 4, image_id: 11, category_id: 2, segmentation: encodeCompressedRle(Uint8Array.from([0, 0, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0]), 4, 3), area: 2, bbox: [1, 1, 2, 1], iscrowd: 1 },
      { id: 5, image_id: 12, category_id: 1, segmentation: [[0, 0, 4, 0, 4]], area: 0, bbox: [0, 0, 0, 0], iscrowd: 0 },
    ],
  };

  it('paints polygons and RLE by category name in file order and counts classes the project lacks', () => {
    const items = decodeCoco(coco, classes, U);
    const a = rendered(items, 0);
    expect(a.ref).toBe('street/a.jpg');
    expect([...a.labels]).toEqual(ROAD_WITH_CAR);
    expect(a.unknown).toEqual([{ name: 'tree', instances: 1, pixels: 1 }]);
    expect([...rendered(items, 1).labels]).toEqual([U, U, U, U, U, 2, 2, U, U, U, U, U]);
    expect(items[2]).toMatchObject({ kind: 'refusal', ref: 'c.jpg', reason: expect.stringContaining('odd number') });
  });

  it('fills pixels no annotation covers with the fill class', () => {
    expect([...rendered(decodeCoco(coco, classes, 0), 1).labels]).toEqual([0, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 0]);
  });

  it('refuses a document that is not COCO', () => {
    expect(() => decodeCoco({ images: 'no' }, classes, U)).toThrow(/not a COCO file/);
  });
});

describe('CVAT for images 1.1', () => {
  const xml = `<?xml version="1.0" encoding="utf-8"?>
<annotations>
  <version>1.1</version>
  <meta><task><name>t</name><labels><label><name>road</name></label><label><name>car</name></label></labels></task></meta>
  <image id="0" name="frames/f_000.png" subset="default" width="4" height="3">
    <mask label="car" source="manual" occluded="0" rle="0, 2" left="1" top="1" width="2" height="1" z_order="2"></mask>
    <polygon label="road" source="manual" occluded="0" points="0.00,0.00;4.00,0.00;4.00,3.00;0.00,3.00" z_order="1"></polygon>
    <polygon label="sky" source="manual" occluded="0" points="0.00,0.00;4.00,0.00;4.00,1.00;0.00,1.00" z_order="0"></polygon>
    <polyline label="road" source="manual" occluded="0" points="0.00,0.00;3.00,2.00" z_order="3"></polyline>
  </image>
  <image id="1" name="f_001.png" width="4" height="3">
    <box label="car" source="manual" occluded="0" xtl="0.00" ytl="0.00" xbr="2.00" ybr="1.00" z_order="0"></box>
    <box label="road" source="manual" occluded="0" xtl="1.00" ytl="0.00" xbr="4.00" ybr="1.00" z_order="0"></box>
  </image>
  <image id="2" name="f_002.png" width="4" height="3">
    <mask label="car" rle="1, 2" left="0" top="0" width="2" height="2" z_order="0"></mask>
  </image>
</annotations>`;

  it('paints shapes lowest z_order first, masks from their RLE, and notes shapes that hold no area', () => {
    const items = decodeCvat(xml, classes, U);
    const first = rendered(items, 0);
    expect(first.ref).toBe('frames/f_000.png');
    expect([...first.labels]).toEqual(ROAD_WITH_CAR);
    expect(first.unknown).toEqual([{ name: 'sky', instances: 1, pixels: 4 }]);
    expect(first.notes).toEqual(['1 polyline skipped: not an area']);
  });

  it('lets a later shape of the same z_order cover an earlier one', () => {
    expect([...rendered(decodeCvat(xml, classes, U), 1).labels]).toEqual([2, 1, 1, 1, U, U, U, U, U, U, U, U]);
  });

  it('refuses an image whose mask RLE does not cover its box, and a file that is not XML', () => {
    expect(decodeCvat(xml, classes, U)[2]).toMatchObject({ kind: 'refusal', reason: expect.stringContaining('rle of 3 pixels for a 2×2 mask') });
    expect(() => decodeCvat('<annotations><image', classes, U)).toThrow(/not well-formed XML/);
  });
});

/** The @thi.ng/rle-pack bit stream, written here from its description: each run repeats one byte. */
function packRuns(runs: Array<[count: number, value: number]>): number[] {
  const bits: number[] = [];
  const put = (value: number, n: number) => {
    for (let k = n - 1; k >= 0; k--) bits.push(Math.floor(value / 2 ** k) % 2);
  };
  put(runs.reduce((s, [n]) => s + n, 0), 32);
  put(7, 5);
  for (let i = 0; i < 4; i++) put(5, 4);
  for (const [count, value] of runs) {
    put(1, 1);
    put(0, 2);
    put(count - 1, 6);
    put(value, 8);
  }
  while (bits.length % 8) bits.push(0);
  return Array.from({ length: bits.length / 8 }, (_, i) => bits.slice(i * 8, i * 8 + 8).reduce((v, b) => v * 2 + b, 0));
}

describe('Label Studio JSON', () => {
  const size = { original_width: 4, original_height: 3, image_rotation: 0 };
  const tasks = [
    {
      id: 1,
      data: { image: '/data/upload/1/1a2b3c4d-street.jpg' },
      annotations: [
        { id: 6, was_cancelled: true, result: [] },
        {
          id: 7,
          was_cancelled: false,
          result: [
            { ...size, id: 'p1', from_name: 'label', to_name: 'image', type: 'polygonlabels', origin: 'manual', value: { points: [[0, 0], [100, 0], [100, 100], [0, 100]], closed: true, polygonlabels: ['road'] } },
            // RGBA bytes: pixels 0–4 clear, 5–6 painted (alpha 255), 7–11 clear.
            { ...size, id: 'b1', from_name: 'tag', to_name: 'image', type: 'brushlabels', origin: 'manual', value: { format: 'rle', rle: packRuns([[20, 0], [8, 255], [20, 0]]), brushlabels: ['car'] } },
            { ...size, id: 'k1', from_name: 'kp', to_name: 'image', type: 'keypointlabels', value: { x: 10, y: 10, width: 1, keypointlabels: ['car'] } },
          ],
        },
      ],
      predictions: [],
    },
    { id: 2, data: { image: '/data/upload/1/9f8e7d6c-other.jpg' }, annotations: [{ id: 8, result: [] }] },
  ];

  it('paints polygons in percent and brush RLE from the latest annotation that was not cancelled', () => {
    const items = decodeLabelStudio(tasks, classes, U);
    const first = rendered(items, 0);
    expect(first.ref).toBe('street.jpg');
    expect(first.size).toEqual([4, 3]);
    expect([...first.labels]).toEqual(ROAD_WITH_CAR);
    expect(first.notes).toEqual(['1 keypointlabels skipped: not an area']);
    expect(items[1]).toMatchObject({ kind: 'refusal', ref: 'other.jpg', reason: expect.stringContaining('image size') });
  });

  it('reads the image path of uploads and local files', () => {
    expect(labelStudioImageRef('/data/local-files/?d=city%2Fstreet.jpg')).toBe('city/street.jpg');
    expect(labelStudioImageRef('http://host:8080/data/upload/3/0badf00d-a.png')).toBe('a.png');
    expect(labelStudioImageRef('s3://bucket/set/b.png')).toBe('set/b.png');
  });
});

describe('indexed PNG masks', () => {
  it('names Cityscapes label ids, keeps void unlabelled and counts ids the project lacks', () => {
    const out = mapIndexedMask(Uint8Array.from([7, 26, 24, 0, 255, 33, 33]), namesInOrder(CITYSCAPES_LABEL_NAMES), classes);
    expect([...out.labels]).toEqual([1, 2, 3, U, U, U, U]);
    expect(out.unknown).toEqual([{ name: 'bicycle', instances: 1, pixels: 2 }]);
  });

  it('reads a CVAT/Datumaro labelmap.txt in index order', () => {
    const names = parseLabelmap('# label:color_rgb:parts:actions\nbackground:0,0,0::\ncar:0,0,142::\nroad:128,64,128::\n');
    expect([...mapIndexedMask(Uint8Array.from([0, 1, 2, 3]), names, classes).labels]).toEqual([0, 2, 1, U]);
  });
});

describe('matching label files to images', () => {
  const matcher = new ImageMatcher([
    { id: 1, sourcePath: 'a/x.jpg' },
    { id: 2, sourcePath: 'b/x.jpg' },
    { id: 3, sourcePath: 'c/y.png' },
    { id: 4, sourcePath: 'train/aachen/aachen_01_leftImg8bit.png' },
  ]);

  it('prefers the same relative path, then a unique name, extension ignored', () => {
    expect(matcher.match('a/x.png')).toMatchObject({ kind: 'match', image: { id: 1 } });
    expect(matcher.match('y.jpg')).toMatchObject({ kind: 'match', image: { id: 3 } });
    expect(matcher.match('aachen/aachen_01')).toMatchObject({ kind: 'match', image: { id: 4 } });
    expect(matcher.match('x.jpg')).toMatchObject({ kind: 'ambiguous', candidates: [{ id: 1 }, { id: 2 }] });
    expect(matcher.match('z.jpg')).toEqual({ kind: 'unmatched' });
  });
});
