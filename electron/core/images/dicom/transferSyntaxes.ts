/** How a transfer syntax lays out the data set and its pixels. */
export interface TransferSyntax {
  name: string;
  explicitVr: boolean;
  /** The data set after the file meta information is raw-deflated (PS3.5 A.5). */
  deflated: boolean;
  /** Pixel data is a sequence of compressed fragments (PS3.5 A.4); `codec` says which. */
  codec: 'none' | 'rle' | 'jpeg-baseline' | 'unsupported';
}

const NATIVE = { deflated: false, codec: 'none' } as const;

/** The syntaxes by UID; one not listed here is refused with its UID. */
export const TRANSFER_SYNTAXES: Readonly<Record<string, TransferSyntax>> = {
  '1.2.840.10008.1.2': { name: 'Implicit VR Little Endian', explicitVr: false, ...NATIVE },
  '1.2.840.10008.1.2.1': { name: 'Explicit VR Little Endian', explicitVr: true, ...NATIVE },
  '1.2.840.10008.1.2.1.99': { name: 'Deflated Explicit VR Little Endian', explicitVr: true, deflated: true, codec: 'none' },
  '1.2.840.10008.1.2.5': { name: 'RLE Lossless', explicitVr: true, deflated: false, codec: 'rle' },
  '1.2.840.10008.1.2.4.50': { name: 'JPEG Baseline (Process 1)', explicitVr: true, deflated: false, codec: 'jpeg-baseline' },
  '1.2.840.10008.1.2.2': { name: 'Explicit VR Big Endian (retired)', explicitVr: true, deflated: false, codec: 'unsupported' },
  '1.2.840.10008.1.2.4.51': { name: 'JPEG Extended (Process 2 & 4)', explicitVr: true, deflated: false, codec: 'unsupported' },
  '1.2.840.10008.1.2.4.57': { name: 'JPEG Lossless (Process 14)', explicitVr: true, deflated: false, codec: 'unsupported' },
  '1.2.840.10008.1.2.4.70': { name: 'JPEG Lossless SV1', explicitVr: true, deflated: false, codec: 'unsupported' },
  '1.2.840.10008.1.2.4.80': { name: 'JPEG-LS Lossless', explicitVr: true, deflated: false, codec: 'unsupported' },
  '1.2.840.10008.1.2.4.81': { name: 'JPEG-LS Near-Lossless', explicitVr: true, deflated: false, codec: 'unsupported' },
  '1.2.840.10008.1.2.4.90': { name: 'JPEG 2000 Lossless', explicitVr: true, deflated: false, codec: 'unsupported' },
  '1.2.840.10008.1.2.4.91': { name: 'JPEG 2000', explicitVr: true, deflated: false, codec: 'unsupported' },
  '1.2.840.10008.1.2.4.201': { name: 'HTJ2K Lossless', explicitVr: true, deflated: false, codec: 'unsupported' },
  '1.2.840.10008.1.2.4.203': { name: 'HTJ2K', explicitVr: true, deflated: false, codec: 'unsupported' },
};

export const EXPLICIT_VR_LITTLE_ENDIAN = '1.2.840.10008.1.2.1';
