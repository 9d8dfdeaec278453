import type { Worker } from 'node:worker_threads';
import { createWorker } from '../../../../platform/createWorker.js';
import { ImportFailureError } from '../../importFailure.js';
import { undecodable, type DecodedSamples } from './decodedSamples.js';
import type { DecodeReply, ThreadCodec } from './frameDecoderProtocol.js';

interface Pending {
  syntax: string;
  resolve(samples: DecodedSamples): void;
  reject(error: Error): void;
}

let worker: Worker | null = null;
const pending = new Map<number, Pending>();
let nextId = 0;

function start(): Worker {
  const w = createWorker(import.meta.url, 'frameDecoderWorker');
  w.on('message', (reply: DecodeReply) => {
    const p = pending.get(reply.id);
    if (!p) return;
    pending.delete(reply.id);
    if (pending.size === 0) w.unref();
    if ('samples' in reply) p.resolve(reply.samples);
    else p.reject(new ImportFailureError(reply.code, reply.reason));
  });
  // A decoder that crashed the thread (a WASM abort) fails the frames in flight; the next frame starts a new thread.
  const die = (detail: string): void => {
    if (worker === w) worker = null;
    for (const p of pending.values()) p.reject(undecodable(p.syntax, detail));
    pending.clear();
  };
  w.on('error', (error) => die(`the decoder failed: ${error.message}`));
  w.on('exit', (code) => die(`the decoder thread stopped with code ${code}`));
  return w;
}

/**
 * Decodes one compressed frame in the frame decoder thread, one thread per process started on
 * first use: the WASM and JavaScript codecs are synchronous and take from tens to hundreds of
 * milliseconds a frame, which would otherwise stall every request the core serves. Frames are
 * queued in order; the thread holds no reference while idle, so it never keeps the process alive.
 */
export function decodeInThread(codec: ThreadCodec, bytes: Uint8Array, bytesPerSample: number, syntax: string): Promise<DecodedSamples> {
  const w = (worker ??= start());
  w.ref();
  const id = nextId++;
  // A copy of its own: the frame may sit in Node's shared buffer pool, which must not be transferred.
  const own = new Uint8Array(bytes);
  return new Promise((resolve, reject) => {
    pending.set(id, { syntax, resolve, reject });
    w.postMessage({ id, codec, bytes: own, bytesPerSample, syntax }, [own.buffer]);
  });
}
