/** The formats an import accepts, told apart by content (an extension can lie). */
export type ImageFormat = 'jpeg' | 'png' | 'webp' | 'tiff' | 'bmp' | 'gif';

const EXTENSIONS: Record<string, ImageFormat> = {
  jpg: 'jpeg',
  jpeg: 'jpeg',
  jpe: 'jpeg',
  png: 'png',
  webp: 'webp',
  tif: 'tiff',
  tiff: 'tiff',
  bmp: 'bmp',
  dib: 'bmp',
  gif: 'gif',
};

/** Extension of the copy stored in the project, so servers and browsers can tell the type. */
export const STORED_EXTENSION: Record<ImageFormat, string> = {
  jpeg: 'jpg',
  png: 'png',
  webp: 'webp',
  tiff: 'tif',
  bmp: 'bmp',
  gif: 'gif',
};

export const FORMAT_NAME: Record<ImageFormat, string> = {
  jpeg: 'JPEG',
  png: 'PNG',
  webp: 'WebP',
  tiff: 'TIFF',
  bmp: 'BMP',
  gif: 'GIF',
};

/** Whether a file name has one of the image extensions an import looks at (any case). */
export function isImageFileName(name: string): boolean {
  const dot = name.lastIndexOf('.');
  return dot > 0 && Object.hasOwn(EXTENSIONS, name.slice(dot + 1).toLowerCase());
}

const DICOM_EXTENSIONS = new Set(['dcm', 'dicom', 'dic', 'ima']);

/**
 * Whether a file may be DICOM by its name: a DICOM extension, or none at all (PACS exports and
 * DICOMDIR media name files `IM0001` or by UID, and `1.2.840….` has no extension a viewer knows).
 * Such a file is taken only if its content says DICOM (`isDicomContent`); DICOMDIR itself is an
 * index, not an image.
 */
export function mayBeDicomFileName(name: string): boolean {
  if (name.toUpperCase() === 'DICOMDIR') return false;
  const dot = name.lastIndexOf('.');
  if (dot <= 0) return true;
  const ext = name.slice(dot + 1).toLowerCase();
  return DICOM_EXTENSIONS.has(ext) || /^\d+$/.test(ext);
}

/** The DICOM Part 10 signature: `DICM` after a 128-byte preamble. */
export function isDicomContent(bytes: Uint8Array): boolean {
  return startsWith(bytes, 128, ascii('DICM'));
}

function startsWith(bytes: Uint8Array, offset: number, signature: readonly number[]): boolean {
  if (bytes.length < offset + signature.length) return false;
  return signature.every((b, i) => bytes[offset + i] === b);
}

const ascii = (s: string): number[] => [...s].map((c) => c.charCodeAt(0));

/** The format of a file from its first bytes, or null when it is none of the accepted ones. */
export function sniffImageFormat(bytes: Uint8Array): ImageFormat | null {
  if (startsWith(bytes, 0, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (startsWith(bytes, 0, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (startsWith(bytes, 0, ascii('RIFF')) && startsWith(bytes, 8, ascii('WEBP'))) return 'webp';
  if (startsWith(bytes, 0, [0x49, 0x49, 0x2a, 0x00]) || startsWith(bytes, 0, [0x4d, 0x4d, 0x00, 0x2a])) return 'tiff';
  if (startsWith(bytes, 0, ascii('GIF87a')) || startsWith(bytes, 0, ascii('GIF89a'))) return 'gif';
  if (startsWith(bytes, 0, ascii('BM')) && bytes.length >= 26) return 'bmp';
  return null;
}
