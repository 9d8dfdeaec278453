/**
 * When a photo was taken, from its EXIF block (as sharp's metadata returns it: the TIFF
 * structure, optionally behind an "Exif\0\0" header): DateTimeOriginal (0x9003) from the Exif
 * sub-IFD, else DateTime (0x0132) from IFD0. Returns "YYYY-MM-DDTHH:MM:SS" (local camera time,
 * no zone) or null when there is none or the block is malformed.
 */
const DATE_TIME = 0x0132;
const EXIF_IFD = 0x8769;
const DATE_TIME_ORIGINAL = 0x9003;

export function exifTakenAt(exif: Uint8Array | undefined): string | null {
  if (!exif || exif.length < 14) return null;
  let base = 0;
  if (exif[0] === 0x45 && exif[1] === 0x78 && exif[2] === 0x69 && exif[3] === 0x66) base = 6;
  const view = new DataView(exif.buffer, exif.byteOffset, exif.byteLength);
  const order = view.getUint16(base);
  if (order !== 0x4949 && order !== 0x4d4d) return null;
  const little = order === 0x4949;
  const u16 = (at: number): number | null => (at + 2 <= exif.length ? view.getUint16(at, little) : null);
  const u32 = (at: number): number | null => (at + 4 <= exif.length ? view.getUint32(at, little) : null);

  const readIfd = (offset: number): Map<number, number> => {
    const tags = new Map<number, number>();
    const at = base + offset;
    const count = u16(at);
    if (count === null) return tags;
    for (let i = 0; i < count; i++) {
      const entry = at + 2 + 12 * i;
      const tag = u16(entry);
      if (tag === null || entry + 12 > exif.length) break;
      tags.set(tag, entry);
    }
    return tags;
  };
  const ascii = (entry: number): string | null => {
    const count = u32(entry + 4);
    if (count === null || count < 19) return null;
    const offset = count <= 4 ? entry + 8 : u32(entry + 8);
    if (offset === null) return null;
    const at = count <= 4 ? offset : base + offset;
    if (at + 19 > exif.length) return null;
    const text = String.fromCharCode(...exif.subarray(at, at + 19));
    const match = /^(\d{4}):(\d{2}):(\d{2}) (\d{2}):(\d{2}):(\d{2})$/.exec(text);
    return match ? `${match[1]}-${match[2]}-${match[3]}T${match[4]}:${match[5]}:${match[6]}` : null;
  };

  const first = u32(base + 4);
  if (first === null) return null;
  const ifd0 = readIfd(first);
  const exifPointer = ifd0.get(EXIF_IFD);
  if (exifPointer !== undefined) {
    const sub = u32(exifPointer + 8);
    const original = sub === null ? undefined : readIfd(sub).get(DATE_TIME_ORIGINAL);
    const taken = original === undefined ? null : ascii(original);
    if (taken) return taken;
  }
  const plain = ifd0.get(DATE_TIME);
  return plain === undefined ? null : ascii(plain);
}

/** Hour of the day (0–24, fractional) of an EXIF time, for the "time of day" attribute. */
export function hourOfDay(takenAt: string | null): number {
  const match = takenAt ? /T(\d{2}):(\d{2})/.exec(takenAt) : null;
  return match ? Number(match[1]) + Number(match[2]) / 60 : Number.NaN;
}
