import { parentPort } from 'node:worker_threads';
import { isImportFailure } from '../../importFailure.js';
import { codecMessage, undecodable, type DecodedSamples } from './decodedSamples.js';
import type { DecodeReply, DecodeRequest } from './frameDecoderProtocol.js';
import { decodeJpeg2000 } from './jpeg2000.js';
import { decodeJpegLossless } from './jpegLossless.js';
import { decodeJpegLs } from './jpegLs.js';

/** Decodes compressed DICOM frames one message at a time, off the core's event loop. */
const port = parentPort!;

function decode(request: DecodeRequest): Promise<DecodedSamples> | DecodedSamples {
  switch (request.codec) {
    case 'jpeg-lossless':
      return decodeJpegLossless(request.bytes, request.bytesPerSample, request.syntax);
    case 'jpeg-ls':
      return decodeJpegLs(request.bytes, request.syntax);
    case 'jpeg2000':
      return decodeJpeg2000(request.bytes, request.syntax);
  }
}

port.on('message', (request: DecodeRequest) => {
  const reply = (message: DecodeReply, transfer: ArrayBuffer[] = []): void => port.postMessage(message, transfer);
  Promise.resolve()
    .then(() => decode(request))
    .then(
      (samples) => reply({ id: request.id, samples }, [samples.data.buffer as ArrayBuffer]),
      (error: unknown) => {
        const failure = isImportFailure(error) ? error : undecodable(request.syntax, codecMessage(error));
        reply({ id: request.id, code: failure.code, reason: failure.reason });
      },
    );
});
