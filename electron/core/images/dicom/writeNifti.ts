/** A NIfTI-1 volume of 8-bit labels: x (columns) fastest, then y (rows), then z (slices). */
export interface LabelVolume {
  dims: [number, number, number];
  /** Voxel size in mm. */
  spacing: [number, number, number];
  /** Voxel index → RAS mm, 4×4 rows; null writes no orientation (codes 0). */
  affine: number[][] | null;
  data: Uint8Array;
  description: string;
}

export const NIFTI_HEADER_BYTES = 348;
/** The header, 4 bytes of extension flags (none), then the voxels (PS: nifti1.h `vox_offset`). */
const VOX_OFFSET = 352;
const DT_UINT8 = 2;
const NIFTI_XFORM_SCANNER_ANAT = 1;
const NIFTI_UNITS_MM = 2;

/** The quaternion form of an affine's rotation (nifti1_io's mat44_to_quatern, without its polar decomposition). */
function quaternion(affine: number[][], spacing: [number, number, number]): { b: number; c: number; d: number; qfac: number } {
  const r = [0, 1, 2].map((i) => [0, 1, 2].map((j) => affine[i]![j]! / spacing[j]!));
  const det = r[0]![0]! * (r[1]![1]! * r[2]![2]! - r[1]![2]! * r[2]![1]!) - r[0]![1]! * (r[1]![0]! * r[2]![2]! - r[1]![2]! * r[2]![0]!) + r[0]![2]! * (r[1]![0]! * r[2]![1]! - r[1]![1]! * r[2]![0]!);
  const qfac = det < 0 ? -1 : 1;
  if (qfac < 0) for (const row of r) row[2] = -row[2]!;
  const [[r11, r12, r13], [r21, r22, r23], [r31, r32, r33]] = r as [[number, number, number], [number, number, number], [number, number, number]];
  const trace = r11 + r22 + r33 + 1;
  let a: number, b: number, c: number, d: number;
  if (trace > 0.5) {
    a = 0.5 * Math.sqrt(trace);
    b = (0.25 * (r32 - r23)) / a;
    c = (0.25 * (r13 - r31)) / a;
    d = (0.25 * (r21 - r12)) / a;
  } else {
    const xd = 1 + r11 - (r22 + r33);
    const yd = 1 + r22 - (r11 + r33);
    const zd = 1 + r33 - (r11 + r22);
    if (xd > 1) {
      b = 0.5 * Math.sqrt(xd);
      c = (0.25 * (r12 + r21)) / b;
      d = (0.25 * (r13 + r31)) / b;
      a = (0.25 * (r32 - r23)) / b;
    } else if (yd > 1) {
      c = 0.5 * Math.sqrt(yd);
      b = (0.25 * (r12 + r21)) / c;
      d = (0.25 * (r23 + r32)) / c;
      a = (0.25 * (r13 - r31)) / c;
    } else {
      d = 0.5 * Math.sqrt(zd);
      b = (0.25 * (r13 + r31)) / d;
      c = (0.25 * (r23 + r32)) / d;
      a = (0.25 * (r21 - r12)) / d;
    }
    if (a < 0) [b, c, d] = [-b, -c, -d];
  }
  return { b, c, d, qfac };
}

/** A single-file NIfTI-1 (`.nii`; gzip it for `.nii.gz`) with both qform and sform set from the affine. */
export function encodeNifti(v: LabelVolume): Buffer {
  const [nx, ny, nz] = v.dims;
  if (v.data.length !== nx * ny * nz) throw new Error(`label volume holds ${v.data.length} voxels, not ${nx}×${ny}×${nz}`);
  const h = Buffer.alloc(VOX_OFFSET);
  h.writeInt32LE(NIFTI_HEADER_BYTES, 0);
  h.write('r', 38, 'latin1');
  [3, nx, ny, nz, 1, 1, 1, 1].forEach((n, i) => h.writeInt16LE(n, 40 + 2 * i));
  h.writeInt16LE(DT_UINT8, 70);
  h.writeInt16LE(8, 72);
  const q = v.affine ? quaternion(v.affine, v.spacing) : { b: 0, c: 0, d: 0, qfac: 1 };
  [q.qfac, ...v.spacing, 0, 0, 0, 0].forEach((n, i) => h.writeFloatLE(n, 76 + 4 * i));
  h.writeFloatLE(VOX_OFFSET, 108);
  h.writeFloatLE(1, 112);
  h.writeUInt8(NIFTI_UNITS_MM, 123);
  let max = 0;
  for (const x of v.data) if (x > max) max = x;
  h.writeFloatLE(max, 124);
  h.write(v.description.slice(0, 79), 148, 'latin1');
  if (v.affine) {
    h.writeInt16LE(NIFTI_XFORM_SCANNER_ANAT, 252);
    h.writeInt16LE(NIFTI_XFORM_SCANNER_ANAT, 254);
    [q.b, q.c, q.d, v.affine[0]![3]!, v.affine[1]![3]!, v.affine[2]![3]!].forEach((n, i) => h.writeFloatLE(n, 256 + 4 * i));
    for (let r = 0; r < 3; r++) for (let c = 0; c < 4; c++) h.writeFloatLE(v.affine[r]![c]!, 280 + 16 * r + 4 * c);
  }
  h.write('n+1\0', 344, 'latin1');
  return Buffer.concat([h, Buffer.from(v.data.buffer, v.data.byteOffset, v.data.byteLength)]);
}
