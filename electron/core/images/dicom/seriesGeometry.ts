import type { DicomFrameHeader } from '../../../../shared/dicom/frameRecord.js';

type Vec3 = [number, number, number];
const dot = (a: Vec3, b: Vec3) => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
const cross = (a: Vec3, b: Vec3): Vec3 => [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];

/** A stack of parallel frames: the order along their normal, and where voxel (0,0,0) and its axes lie (LPS, mm). */
export interface StackGeometry {
  /** Indexes into the given frames, first slice first. */
  order: number[];
  origin: Vec3;
  /** Per voxel step along columns (i), rows (j) and slices (k), in LPS millimetres. */
  axes: [Vec3, Vec3, Vec3];
  spacing: Vec3;
}

/**
 * Orders the frames of one series along the normal of their shared orientation (PS3.3 C.7.6.2.1.1:
 * the first three orientation values are the direction of a row, the next three of a column;
 * pixel spacing is row spacing then column spacing). Null when the frames lack geometry, are
 * not parallel, or share a depth: the caller falls back to an identity affine and says so.
 */
export function stackGeometry(frames: readonly DicomFrameHeader['geometry'][]): StackGeometry | null {
  const first = frames[0];
  if (!first?.orientation || !first.spacing || !first.position) return null;
  const row = first.orientation.slice(0, 3) as Vec3;
  const column = first.orientation.slice(3, 6) as Vec3;
  const normal = cross(row, column);
  for (const f of frames) {
    if (!f.position || !f.orientation || f.orientation.some((v, i) => Math.abs(v - first.orientation![i]!) > 1e-4)) return null;
  }
  const depth = frames.map((f) => dot(f.position as Vec3, normal));
  const order = frames.map((_, i) => i).sort((a, b) => depth[a]! - depth[b]!);
  // Frames at one depth (the frames of a multi-frame file share its top-level position) are no stack.
  if (order.some((f, i) => i > 0 && Math.abs(depth[f]! - depth[order[i - 1]!]!) < 1e-4)) return null;
  const origin = frames[order[0]!]!.position as Vec3;
  const last = frames[order[order.length - 1]!]!.position as Vec3;
  const n = frames.length;
  const sliceStep: Vec3 =
    n > 1
      ? [(last[0] - origin[0]) / (n - 1), (last[1] - origin[1]) / (n - 1), (last[2] - origin[2]) / (n - 1)]
      : (normal.map((v) => v * (first.sliceThickness ?? 1)) as Vec3);
  const [rowSpacing, columnSpacing] = first.spacing as [number, number];
  const axes: [Vec3, Vec3, Vec3] = [row.map((v) => v * columnSpacing) as Vec3, column.map((v) => v * rowSpacing) as Vec3, sliceStep];
  return { order, origin, axes, spacing: [columnSpacing, rowSpacing, Math.hypot(...sliceStep) || 1] };
}

/** The voxel-to-RAS affine NIfTI wants: DICOM's LPS with x and y negated. Rows of a 4×4 matrix. */
export function rasAffine(g: StackGeometry): number[][] {
  const flip = [-1, -1, 1];
  return [0, 1, 2].map((r) => [g.axes[0][r]! * flip[r]!, g.axes[1][r]! * flip[r]!, g.axes[2][r]! * flip[r]!, g.origin[r]! * flip[r]!]).concat([[0, 0, 0, 1]]);
}
