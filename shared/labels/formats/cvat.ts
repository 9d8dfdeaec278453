import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { Ring } from '../../geometry/rasterizePolygon.js';
import { UNLABELLED } from '../unlabelled.js';
import type { ClassMapping } from './classMapping.js';
import { LabelPainter } from './labelPainter.js';
import { describeSkipped, type LabelItem } from './labelSource.js';

/** Why a CVAT file cannot be read at all, in words. */
export class CvatFormatError extends Error {}

/** An element as fast-xml-parser gives it with preserveOrder: one key (the tag) holding its children, attributes under ':@'. */
type XmlNode = { [tag: string]: XmlNode[] } & { ':@'?: Record<string, string> };

const tagOf = (node: XmlNode): string => Object.keys(node).find((k) => k !== ':@') ?? '';
const childrenOf = (node: XmlNode): XmlNode[] => node[tagOf(node)] ?? [];

const AREA_SHAPES = new Set(['polygon', 'mask', 'box', 'ellipse']);
/** Shapes and tags of CVAT that hold no area; counted in the notes, never painted. */
const OTHER_SHAPES = new Set(['polyline', 'points', 'cuboid', 'skeleton', 'tag']);

interface Shape {
  tag: string;
  attrs: Record<string, string>;
  zOrder: number;
  order: number;
}

/**
 * Reads a "CVAT for images 1.1" XML export as per-image label maps: polygons, boxes (rotated
 * too), ellipses and masks (CVAT's row-major RLE of 0/1 runs over the mask's own box, starting
 * with 0s) are painted with the project class named like their `label`, lowest `z_order` first
 * and, within one z_order, in file order, so the shape on top wins. Pixels no shape covers get
 * `fill`. Polylines, points, cuboids, skeletons and tags are counted in the notes.
 */
export function decodeCvat(xml: string, classes: ClassMapping, fill: number): LabelItem[] {
  const valid = XMLValidator.validate(xml);
  if (valid !== true) throw new CvatFormatError(`It is not well-formed XML (line ${valid.err.line}: ${valid.err.msg}).`);
  const parser = new XMLParser({ preserveOrder: true, ignoreAttributes: false, attributeNamePrefix: '', parseAttributeValue: false, parseTagValue: false });
  const root = (parser.parse(xml) as XmlNode[]).find((n) => tagOf(n) === 'annotations');
  if (!root) throw new CvatFormatError('It is not a CVAT for images file: there is no <annotations> element.');
  const images = childrenOf(root).filter((n) => tagOf(n) === 'image');
  if (images.length === 0) {
    const tracks = childrenOf(root).some((n) => tagOf(n) === 'track');
    throw new CvatFormatError(tracks ? 'It is a CVAT for video file (tracks); export the task as "CVAT for images 1.1".' : 'It holds no <image> elements.');
  }
  return images.map((node): LabelItem => {
    const attrs = node[':@'] ?? {};
    const ref = attrs.name ?? '';
    const width = Number(attrs.width);
    const height = Number(attrs.height);
    if (!ref) return { kind: 'refusal', ref: `image id ${attrs.id ?? '?'}`, reason: 'The <image> has no name.' };
    if (!isSize(width) || !isSize(height)) return { kind: 'refusal', ref, reason: `The <image> has no valid width and height (${attrs.width}×${attrs.height}).` };
    const shapes: Shape[] = [];
    const skipped = new Map<string, number>();
    for (const [order, child] of childrenOf(node).entries()) {
      const tag = tagOf(child);
      if (AREA_SHAPES.has(tag)) shapes.push({ tag, attrs: child[':@'] ?? {}, zOrder: Number(child[':@']?.z_order ?? 0) || 0, order });
      else if (OTHER_SHAPES.has(tag)) skipped.set(tag, (skipped.get(tag) ?? 0) + 1);
    }
    const problem = shapes.map((s) => checkShape(s)).find((p) => p !== null);
    if (problem) return { kind: 'refusal', ref, reason: problem };
    shapes.sort((a, b) => a.zOrder - b.zOrder || a.order - b.order);
    return {
      kind: 'entry',
      ref,
      width,
      height,
      render: () => {
        const painter = new LabelPainter(width, height, classes, fill);
        for (const shape of shapes) paintShape(painter, shape);
        return painter.result(describeSkipped(skipped));
      },
    };
  });
}

const isSize = (n: number): boolean => Number.isInteger(n) && n > 0;

function parsePoints(points: string): number[] {
  return points
    .split(';')
    .filter((p) => p.trim() !== '')
    .flatMap((p) => p.split(',').map(Number));
}

function checkShape({ tag, attrs }: Shape): string | null {
  const what = `A <${tag}> of label "${attrs.label ?? ''}"`;
  if (!attrs.label) return `A <${tag}> has no label.`;
  const numbers = (names: string[]) => names.every((n) => attrs[n] !== undefined && Number.isFinite(Number(attrs[n])));
  if (tag === 'polygon') {
    const ring = parsePoints(attrs.points ?? '');
    return ring.length >= 6 && ring.length % 2 === 0 && ring.every(Number.isFinite) ? null : `${what} has points that are not "x,y;x,y;…" with 3 or more points.`;
  }
  if (tag === 'box') return numbers(['xtl', 'ytl', 'xbr', 'ybr']) ? null : `${what} lacks xtl, ytl, xbr or ybr.`;
  if (tag === 'ellipse') return numbers(['cx', 'cy', 'rx', 'ry']) ? null : `${what} lacks cx, cy, rx or ry.`;
  if (!numbers(['left', 'top', 'width', 'height'])) return `${what} lacks left, top, width or height.`;
  const w = Number(attrs.width);
  const h = Number(attrs.height);
  const runs = decodeCvatRle(attrs.rle ?? '');
  if (!runs || !isSize(w) || !isSize(h)) return `${what} has an rle that is not a list of whole numbers.`;
  const total = runs.reduce((s, n) => s + n, 0);
  return total === w * h ? null : `${what} has an rle of ${total} pixels for a ${w}×${h} mask.`;
}

/** CVAT's mask RLE "3, 4, 1": run lengths, alternately 0s and 1s, starting with 0s; null when it is not that. */
export function decodeCvatRle(rle: string): number[] | null {
  const runs = rle.split(',').map((s) => s.trim());
  if (runs.some((s) => !/^\d+$/.test(s))) return null;
  return runs.map(Number);
}

function paintShape(painter: LabelPainter, { tag, attrs }: Shape): void {
  const label = attrs.label!;
  const num = (name: string): number => Number(attrs[name] ?? 0);
  if (tag === 'polygon') {
    painter.polygons(label, [parsePoints(attrs.points!)]);
  } else if (tag === 'box') {
    const [x0, y0, x1, y1] = [num('xtl'), num('ytl'), num('xbr'), num('ybr')];
    painter.polygons(label, [rotated([x0, y0, x1, y0, x1, y1, x0, y1], (x0 + x1) / 2, (y0 + y1) / 2, num('rotation'))]);
  } else if (tag === 'ellipse') {
    const [cx, cy, rx, ry] = [num('cx'), num('cy'), num('rx'), num('ry')];
    const ring: number[] = [];
    const steps = 64;
    for (let i = 0; i < steps; i++) ring.push(cx + rx * Math.cos((2 * Math.PI * i) / steps), cy + ry * Math.sin((2 * Math.PI * i) / steps));
    painter.polygons(label, [rotated(ring, cx, cy, num('rotation'))]);
  } else {
    const w = num('width');
    const bits = new Uint8Array(w * num('height'));
    let at = 0;
    for (const [i, run] of decodeCvatRle(attrs.rle!)!.entries()) {
      if (i % 2 === 1) bits.fill(1, at, at + run);
      at += run;
    }
    painter.bitmap(label, bits, num('left'), num('top'), w, num('height'));
  }
}

/** The ring turned by `degrees` clockwise (image y points down) about (cx, cy), as CVAT rotates boxes. */
function rotated(ring: number[], cx: number, cy: number, degrees: number): Ring {
  if (!degrees) return ring;
  const a = (degrees * Math.PI) / 180;
  const cos = Math.cos(a);
  const sin = Math.sin(a);
  const out: number[] = [];
  for (let i = 0; i < ring.length; i += 2) {
    const dx = ring[i]! - cx;
    const dy = ring[i + 1]! - cy;
    out.push(cx + dx * cos - dy * sin, cy + dx * sin + dy * cos);
  }
  return out;
}

const escapeXml = (s: string): string => s.replace(/[&<>"']/g, (c) => `&${{ '&': 'amp', '<': 'lt', '>': 'gt', '"': 'quot', "'": 'apos' }[c]!};`);

/** The opening of a CVAT for images 1.1 file: version and the label list CVAT reads classes from. */
export function cvatHeader(classes: ReadonlyArray<{ name: string; color: string }>, images: number): string {
  const labels = classes.map((c) => `      <label>\n        <name>${escapeXml(c.name)}</name>\n        <color>${escapeXml(c.color)}</color>\n        <type>any</type>\n        <attributes></attributes>\n      </label>\n`).join('');
  return `<?xml version="1.0" encoding="utf-8"?>\n<annotations>\n  <version>1.1</version>\n  <meta>\n    <task>\n      <name>Faultline export</name>\n      <size>${images}</size>\n      <mode>annotation</mode>\n      <labels>\n${labels}      </labels>\n    </task>\n  </meta>\n`;
}

export const CVAT_FOOTER = '</annotations>\n';

/**
 * One <image> of a CVAT for images 1.1 file: a <mask> per class present, its RLE over the class's
 * bounding box, so reading it back gives the same label map exactly. Unlabelled pixels get no shape.
 */
export function cvatImage(
  image: { id: number; name: string; subset: string; width: number; height: number; labels: Uint8Array },
  classNames: ReadonlyMap<number, string>,
): string {
  const { width, height, labels } = image;
  const boxes = new Map<number, { x0: number; y0: number; x1: number; y1: number }>();
  for (let y = 0, i = 0; y < height; y++) {
    for (let x = 0; x < width; x++, i++) {
      const v = labels[i]!;
      if (v === UNLABELLED) continue;
      const b = boxes.get(v);
      if (!b) boxes.set(v, { x0: x, y0: y, x1: x, y1: y });
      else {
        if (x < b.x0) b.x0 = x;
        if (x > b.x1) b.x1 = x;
        b.y1 = y;
      }
    }
  }
  const masks = [...boxes]
    .sort(([a], [b]) => a - b)
    .map(([classId, b]) => {
      const name = classNames.get(classId) ?? `class ${classId}`;
      const w = b.x1 - b.x0 + 1;
      const h = b.y1 - b.y0 + 1;
      const runs: number[] = [];
      let current = 0;
      let run = 0;
      for (let y = b.y0; y <= b.y1; y++) {
        for (let x = b.x0; x <= b.x1; x++) {
          const bit = labels[y * width + x] === classId ? 1 : 0;
          if (bit !== current) {
            runs.push(run);
            current = bit;
            run = 0;
          }
          run++;
        }
      }
      runs.push(run);
      return `    <mask label="${escapeXml(name)}" source="manual" occluded="0" rle="${runs.join(', ')}" left="${b.x0}" top="${b.y0}" width="${w}" height="${h}" z_order="0"></mask>\n`;
    })
    .join('');
  return `  <image id="${image.id}" name="${escapeXml(image.name)}" subset="${escapeXml(image.subset)}" width="${width}" height="${height}">\n${masks}  </image>\n`;
}
