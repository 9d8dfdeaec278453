/** Which decoder reads a syntax's encapsulated frames (codecs/decodeFrame.ts). */
export type CompressedCodec = 'rle' | 'jpeg-baseline' | 'jpeg-extended' | 'jpeg-lossless' | 'jpeg-ls' | 'jpeg2000';

/** How a transfer syntax lays out the data set and its pixels. */
export interface TransferSyntax {
  name: string;
  explicitVr: boolean;
  /** The data set after the file meta information is raw-deflated (PS3.5 A.5). */
  deflated: boolean;
  /** Pixel data is a sequence of compressed fragments (PS3.5 A.4); `codec` says which. */
  codec: 'none' | CompressedCodec | 'unsupported';
}

const NATIVE = { deflated: false, codec: 'none' } as const;
const encapsulated = (name: string, codec: TransferSyntax['codec']): TransferSyntax => ({ name, explicitVr: true, deflated: false, codec });

/** The syntaxes by UID; one not listed here is refused with its UID. */
export const TRANSFER_SYNTAXES: Readonly<Record<string, TransferSyntax>> = {
  '1.2.840.10008.1.2': { name: 'Implicit VR Little Endian', explicitVr: false, ...NATIVE },
  '1.2.840.10008.1.2.1': { name: 'Explicit VR Little Endian', explicitVr: true, ...NATIVE },
  '1.2.840.10008.1.2.1.99': { name: 'Deflated Explicit VR Little Endian', explicitVr: true, deflated: true, codec: 'none' },
  '1.2.840.10008.1.2.5': encapsulated('RLE Lossless', 'rle'),
  '1.2.840.10008.1.2.4.50': encapsulated('JPEG Baseline (Process 1)', 'jpeg-baseline'),
  // 8-bit Process 2 streams decode like baseline; 12-bit Process 4 ones are refused by precision.
  '1.2.840.10008.1.2.4.51': encapsulated('JPEG Extended (Process 2 & 4)', 'jpeg-extended'),
  '1.2.840.10008.1.2.4.57': encapsulated('JPEG Lossless (Process 14)', 'jpeg-lossless'),
  '1.2.840.10008.1.2.4.70': encapsulated('JPEG Lossless SV1', 'jpeg-lossless'),
  '1.2.840.10008.1.2.4.80': encapsulated('JPEG-LS Lossless', 'jpeg-ls'),
  '1.2.840.10008.1.2.4.81': encapsulated('JPEG-LS Near-Lossless', 'jpeg-ls'),
  '1.2.840.10008.1.2.4.90': encapsulated('JPEG 2000 Lossless', 'jpeg2000'),
  '1.2.840.10008.1.2.4.91': encapsulated('JPEG 2000', 'jpeg2000'),
  '1.2.840.10008.1.2.4.201': encapsulated('HTJ2K Lossless', 'jpeg2000'),
  '1.2.840.10008.1.2.4.202': encapsulated('HTJ2K Lossless RPCL', 'jpeg2000'),
  '1.2.840.10008.1.2.4.203': encapsulated('HTJ2K', 'jpeg2000'),
  '1.2.840.10008.1.2.2': { name: 'Explicit VR Big Endian (retired)', explicitVr: true, deflated: false, codec: 'unsupported' },
};

export const EXPLICIT_VR_LITTLE_ENDIAN = '1.2.840.10008.1.2.1';
