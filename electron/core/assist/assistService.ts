import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import * as ort from 'onnxruntime-node';
import type { AssistModelInfo } from '../../../shared/assist/assistCard.js';
import { assistFrame } from '../../../shared/assist/assistFrame.js';
import type { AssistPrompt } from '../../../shared/assist/assistPrompt.js';
import { maskFromCrop, type MaskCrop } from '../../../shared/assist/maskCrop.js';
import type { AssistDecodeStages, AssistSeed } from '../../../shared/contract/methods/assistMethods.js';
import { FaultlineError } from '../../../shared/contract/errors.js';
import { createWorker } from '../../platform/createWorker.js';
import { forkWorker, type LaunchWorkerProcess, type WorkerProcess } from '../../platform/forkWorker.js';
import { providerCandidates } from '../inference/providers.js';
import type { ProjectDb } from '../store/openProjectDb.js';
import { imageContentHash, imageFile } from '../store/images.js';
import { WorkerChannel } from '../workers/workerChannel.js';
import { ASSIST_ADAPTERS, pairEmbedding, type Signature } from './assistAdapters.js';
import { encoderFingerprint, listAssistModels, resolveAssistModel, type AssistModelFolder } from './assistModelFolders.js';
import type { AssistInit, AssistRequest, AssistResponse } from './assistProtocol.js';
import { readCachedEmbedding, writeCachedEmbedding, type CachedEmbedding } from './embeddingCache.js';
import { EncoderPause } from './encoderPause.js';

type Channel = WorkerChannel<AssistRequest, AssistResponse>;

/** Dry-run clicks that warm a freshly opened decoder up (a session's first runs measured up to 4× a warm one's). */
const DECODER_WARM_CLICKS = 8;

/** Embeddings kept in memory besides the project's cache: the open image and the next ones of the queue. */
const MEMORY_EMBEDDINGS = 4;

/**
 * Threads of each graph's session: the decoder is the click's whole wait, so it takes every core
 * (up to 4: a decoder of SAM's size gains little beyond); the encoder runs behind it at a lower
 * priority (assistWorker.ts) and leaves a core to the UI.
 */
export function assistThreads(cores: number): { encoder: number; decoder: number } {
  return { encoder: Math.max(1, cores - 1), decoder: Math.max(1, Math.min(4, cores)) };
}

/** The decoder: a worker thread, the shortest way a click has to the host. */
function decoderChannel(): Channel {
  return new WorkerChannel(createWorker(import.meta.url, 'assistWorker'), 'assist decoder');
}

/** The encoder: a process of its own, which Cancel kills mid-image and so frees the cores at once, and clicks hold still. */
interface Encoder {
  channel: Channel;
  process: WorkerProcess;
}

function startEncoderProcess(launch: LaunchWorkerProcess): Encoder {
  const started = forkWorker(launch, import.meta.url, 'assistWorker');
  return { channel: new WorkerChannel(started, 'assist encoder'), process: started };
}

async function ask<T extends AssistResponse['type']>(c: Channel, request: AssistRequest, type: T): Promise<Extract<AssistResponse, { type: T }>> {
  const response = await c.request(request);
  if (response.type === 'failed') throw new Error(response.message);
  if (response.type !== type) throw new Error(`the assist worker answered ${response.type}, expected ${type}`);
  return response as Extract<AssistResponse, { type: T }>;
}

interface EncodeJob {
  imageId: number;
  hash: string;
  urgent: boolean;
  promise: Promise<CachedEmbedding>;
  resolve(e: CachedEmbedding): void;
  reject(e: Error): void;
}

/**
 * One assist model opened for one project: an encoder process fed by a queue (the image the
 * editor shows first, prefetches behind it), the project's embedding cache, and a decoder worker
 * holding the current image's embedding for clicks.
 */
class OpenAssistModel {
  /** The encoder's process, or its start; null after a cancel until the next image needs one. */
  private encoder: Promise<Encoder> | null;
  /** Holds the encoder still while clicks come (it only ever prefetches then: a click needs its image encoded). */
  private readonly pause = new EncoderPause();
  private readonly jobs: EncodeJob[] = [];
  private running: EncodeJob | null = null;
  private readonly memory = new Map<string, CachedEmbedding>();
  private decoderImage: string | null = null;
  private decoderBusy: Promise<unknown> = Promise.resolve();
  private closed = false;

  private constructor(
    private readonly launch: LaunchWorkerProcess,
    readonly project: ProjectDb,
    readonly folder: AssistModelFolder,
    readonly fingerprint: string,
    readonly provider: string,
    private readonly encoderInit: AssistInit,
    private readonly pairs: Array<[string, string]>,
    private readonly decoder: Channel,
    encoder: Encoder,
  ) {
    this.encoder = Promise.resolve(encoder);
  }

  /** Opens both graphs, checks them against the format and each other, and dry-runs the decoder; refuses with every reason found. */
  static async open(launch: LaunchWorkerProcess, project: ProjectDb, folder: AssistModelFolder): Promise<OpenAssistModel> {
    const threads = assistThreads(availableParallelism());
    const candidates = providerCandidates('auto', process.platform, ort.listSupportedBackends());
    const base = { type: 'init' as const, format: folder.card.format, candidates };
    const encoderInit: AssistInit = { ...base, role: 'encoder', modelPath: folder.encoderPath, threads: threads.encoder };
    const decoderInit: AssistInit = { ...base, role: 'decoder', modelPath: folder.decoderPath, threads: threads.decoder };
    const encoder = startEncoderProcess(launch);
    const decoder = decoderChannel();
    const refuse = (problem: string) => new FaultlineError('invalid_input', `models/${folder.name} cannot be used for assist: ${problem}.`);
    try {
      const load = async (c: Channel, init: AssistInit, file: string): Promise<{ signature: Signature; provider: string }> => {
        try {
          return await ask(c, init, 'ready');
        } catch (error) {
          throw refuse(`its ${init.role} ${file} does not load in onnxruntime: ${(error as Error).message.split('\n')[0]}`);
        }
      };
      const [enc, dec] = await Promise.all([load(encoder.channel, encoderInit, folder.card.encoder), load(decoder, decoderInit, folder.card.decoder)]);
      const adapter = ASSIST_ADAPTERS[folder.card.format];
      const { pairs, problems: pairing } = pairEmbedding(enc.signature, dec.signature);
      const problems = [...adapter.checkEncoder(enc.signature, folder.card.inputSize), ...adapter.checkDecoder(dec.signature), ...pairing];
      if (problems.length) throw refuse(`${problems.join('; ')} (format '${folder.card.format}')`);
      try {
        await ask(decoder, { type: 'probe', pairs, clicks: 1 }, 'decoded');
      } catch (error) {
        throw refuse(`the decoder's dry run failed: ${(error as Error).message.split('\n')[0]}`);
      }
      const model = new OpenAssistModel(launch, project, folder, encoderFingerprint(folder), enc.provider, encoderInit, pairs, decoder, encoder);
      model.warmDecoder();
      return model;
    } catch (error) {
      // The decoder is retired, not terminated: its graph may still be loading.
      await Promise.all([encoder.channel.terminate(), decoder.retire()]);
      throw error;
    }
  }

  /**
   * A session's first runs are slow (its arena grows, its threads and caches are cold): the first
   * clicks took two to four times a warm one. Dry runs while the first image is encoded take that
   * cost; a click that comes sooner waits for them, as it would for a click before it.
   */
  private warmDecoder(): void {
    void this.onDecoder(() => ask(this.decoder, { type: 'probe', pairs: this.pairs, clicks: DECODER_WARM_CLICKS }, 'decoded')).catch(() => undefined);
  }

  /** Runs `work` on the decoder after everything sent to it before: it answers one request at a time, and the image must not change under a click. */
  private onDecoder<T>(work: () => Promise<T>): Promise<T> {
    const run = this.decoderBusy.then(work);
    this.decoderBusy = run.catch(() => undefined);
    return run;
  }

  private hashOf(imageId: number): string {
    const hash = imageContentHash(this.project.db, imageId);
    if (!hash) throw new FaultlineError('not_found', `There is no image ${imageId} in this project.`);
    return hash;
  }

  /** The image's embedding from memory or the project's cache, or null when it has to be encoded. */
  private stored(hash: string): CachedEmbedding | null {
    const inMemory = this.memory.get(hash);
    if (inMemory) return inMemory;
    const cached = readCachedEmbedding(this.project.dir, this.fingerprint, hash);
    if (cached) this.remember(hash, cached);
    return cached;
  }

  private remember(hash: string, e: CachedEmbedding): void {
    this.memory.delete(hash);
    this.memory.set(hash, e);
    while (this.memory.size > MEMORY_EMBEDDINGS) this.memory.delete(this.memory.keys().next().value!);
  }

  /** The image's embedding: stored, or queued for the encoder (first among the waiting when urgent). */
  embedding(imageId: number, urgent: boolean): { cached: boolean; promise: Promise<CachedEmbedding> } {
    const hash = this.hashOf(imageId);
    const stored = this.stored(hash);
    if (stored) return { cached: true, promise: Promise.resolve(stored) };
    // A request that reached this model as it was being replaced or closed starts no encoder it would leave behind.
    if (this.closed) throw new FaultlineError('cancelled', `${this.folder.name} was closed (another assist model was chosen, or the project closed); choose the assist tool again.`);
    // Someone waits for this image now: an encoder held still by clicks on the previous one goes on at once.
    if (urgent) this.pause.release();
    const existing = this.running?.hash === hash ? this.running : this.jobs.find((j) => j.hash === hash);
    if (existing) {
      if (urgent && !existing.urgent && existing !== this.running) {
        this.jobs.splice(this.jobs.indexOf(existing), 1);
        this.jobs.unshift(existing);
      }
      if (urgent) existing.urgent = true;
      return { cached: false, promise: existing.promise };
    }
    let resolve!: (e: CachedEmbedding) => void;
    let reject!: (e: Error) => void;
    const promise = new Promise<CachedEmbedding>((res, rej) => ((resolve = res), (reject = rej)));
    // Prefetches nobody waits on must not surface as unhandled rejections.
    promise.catch(() => undefined);
    const job: EncodeJob = { imageId, hash, urgent, promise, resolve, reject };
    if (urgent) this.jobs.unshift(job);
    else this.jobs.push(job);
    void this.pump();
    return { cached: false, promise };
  }

  private async pump(): Promise<void> {
    if (this.running) return;
    const job = this.jobs.shift();
    if (!job) return;
    this.running = job;
    try {
      const encoded = await this.encode(job);
      try {
        writeCachedEmbedding(this.project.dir, this.fingerprint, job.hash, encoded);
      } catch {
        // A read-only or full project still gets its preview; the image is only encoded again next time.
      }
      this.remember(job.hash, encoded);
      job.resolve(encoded);
    } catch (error) {
      job.reject(error instanceof Error ? error : new Error(String(error)));
    } finally {
      // A cancel may have let go of this job already and started the next.
      if (this.running === job) this.running = null;
      void this.pump();
    }
  }

  private async encode(job: EncodeJob): Promise<CachedEmbedding & { ms: number }> {
    const { imageId } = job;
    const file = imageFile(this.project.db, imageId);
    if (!file || file.width === null || file.height === null) throw new FaultlineError('not_found', `Image ${imageId} has no readable file in this project.`);
    const { card } = this.folder;
    const frame = assistFrame(file.width, file.height, card.resize, card.inputSize);
    let bytes: Buffer;
    try {
      bytes = await readFile(join(this.project.dir, file.relPath));
    } catch {
      throw new FaultlineError('not_found', `The file of image ${imageId} (${file.relPath}) is missing from the project folder; re-import the image.`);
    }
    // Cancelled while its image was read: the next job may already be using the encoder.
    if (this.running !== job) throw new FaultlineError('cancelled', 'Encoding was cancelled.');
    const encoder = await (this.encoder ??= this.startEncoder());
    const answer = await ask(encoder.channel, { type: 'encode', bytes, frame, pairs: this.pairs }, 'encoded');
    if (answer.source.width !== file.width || answer.source.height !== file.height) {
      throw new FaultlineError('invalid_input', `Image ${imageId} decodes as ${answer.source.width}×${answer.source.height}, not the ${file.width}×${file.height} it was imported at; re-import it.`);
    }
    return { frame, embedding: answer.embedding, ms: answer.ms };
  }

  private async startEncoder(): Promise<Encoder> {
    const encoder = startEncoderProcess(this.launch);
    try {
      await ask(encoder.channel, this.encoderInit, 'ready');
    } catch (error) {
      void encoder.channel.terminate();
      throw error;
    }
    return encoder;
  }

  /**
   * Answers the image being encoded as cancelled, drops every queued one and kills the encoder's
   * process mid-image; a new encoder starts on the next request. Resolves when it has ended.
   */
  cancel(): Promise<void> {
    const cancelled = new FaultlineError('cancelled', 'Encoding was cancelled; choose the assist tool again to encode this image.');
    for (const job of this.jobs.splice(0)) job.reject(cancelled);
    const running = this.running;
    const encoder = this.encoder;
    this.encoder = null;
    this.running = null;
    if (running) running.reject(cancelled);
    this.pause.release();
    return (
      encoder?.then(
        (e) => e.channel.terminate(),
        () => undefined,
      ) ?? Promise.resolve()
    );
  }

  private async toDecoder(hash: string, stored: CachedEmbedding): Promise<void> {
    if (this.decoderImage === hash) return;
    await ask(this.decoder, { type: 'setImage', key: hash, embedding: stored.embedding, frame: stored.frame }, 'ok');
    this.decoderImage = hash;
  }

  /** Hands the decoder the image's embedding before its first click (megabytes to copy into the worker: 30–50 ms of the first click otherwise). */
  preload(imageId: number): void {
    const hash = this.hashOf(imageId);
    const stored = this.stored(hash);
    if (!stored) return;
    void this.onDecoder(() => this.toDecoder(hash, stored)).catch(() => undefined);
  }

  async decode(imageId: number, prompt: AssistPrompt, seed: AssistSeed): Promise<{ mask: MaskCrop | null; score: number; decodeMs: number; stages: AssistDecodeStages }> {
    const begun = performance.now();
    const hash = this.hashOf(imageId);
    const stored = this.stored(hash);
    if (!stored) throw new FaultlineError('invalid_input', `Image ${imageId} is not encoded for ${this.folder.name} yet; wait for the assist tool to say it is ready.`);
    const { width, height } = stored.frame;
    const workerSeed = typeof seed === 'string' ? seed : { region: regionFromCrop(seed.region, width, height) };
    const request = { type: 'decode' as const, key: hash, prompt: checkedPrompt(prompt, width, height), seed: workerSeed };
    this.holdEncoder();
    const { answer, ...timed } = await this.onDecoder(async () => {
      const started = performance.now();
      await this.toDecoder(hash, stored);
      const asked = performance.now();
      const answer = await ask(this.decoder, request, 'decoded');
      return { answer, waitMs: started - begun, setImageMs: asked - started, hopMs: performance.now() - asked - answer.ms };
    });
    const stages = { ...timed, runMs: answer.runMs, maskMs: answer.ms - answer.runMs - answer.packMs, packMs: answer.packMs, coreMs: performance.now() - begun };
    return { mask: answer.mask, score: answer.score, decodeMs: answer.ms, stages };
  }

  /** The latest click's whole mask, for a preview that came scaled down (after every click sent before it). */
  async fullMask(imageId: number): Promise<MaskCrop | null> {
    const hash = this.hashOf(imageId);
    try {
      return (await this.onDecoder(() => ask(this.decoder, { type: 'fullMask', key: hash }, 'fullMask'))).mask;
    } catch (error) {
      throw new FaultlineError('invalid_input', `There is no assist mask of image ${imageId} to paint: ${(error as Error).message}.`);
    }
  }

  /** A prefetch in progress waits while clicks come (not an image someone waits for): the encoder's process, started already, is held still. */
  private holdEncoder(): void {
    if (!this.prefetchingOnly()) return;
    void this.encoder?.then(
      (e) => {
        if (this.prefetchingOnly() && e.process.pid !== undefined) this.pause.hold(e.process.pid);
      },
      () => undefined,
    );
  }

  /** The encoder is busy with images nobody waits for yet (the queue's next ones). */
  private prefetchingOnly(): boolean {
    return this.running !== null && !this.running.urgent && !this.jobs.some((j) => j.urgent);
  }

  /** Lets go of the project at once; resolves when both workers have ended (the decoder once its click in flight is over). */
  async close(): Promise<void> {
    this.closed = true;
    await Promise.all([this.cancel(), this.decoder.retire()]);
  }
}

function checkedPrompt(prompt: AssistPrompt, width: number, height: number): AssistPrompt {
  const outside = (x: number, y: number) => x >= width || y >= height;
  if (prompt.points.some((p) => outside(p.x, p.y)) || (prompt.box && outside(prompt.box.x1, prompt.box.y1))) {
    throw new FaultlineError('invalid_input', `A click or box lies outside the ${width}×${height} image.`);
  }
  return prompt;
}

/** A region sent as a crop, as a whole-image mask (1 inside). */
function regionFromCrop(crop: MaskCrop, width: number, height: number): Uint8Array {
  if (crop.x + crop.width > width || crop.y + crop.height > height) throw new FaultlineError('invalid_input', `The region to refine runs outside the ${width}×${height} image.`);
  let bytes: Uint8Array;
  try {
    bytes = maskFromCrop(crop).bits;
  } catch (error) {
    throw new FaultlineError('invalid_input', `The region to refine is not a mask: ${(error as Error).message}.`);
  }
  const region = new Uint8Array(width * height);
  for (let y = 0; y < crop.height; y++) region.set(bytes.subarray(y * crop.width, (y + 1) * crop.width), (crop.y + y) * width + crop.x);
  return region;
}

/**
 * The core's assist: lists the project's assist models and keeps at most one open (the one the
 * editor uses), reopening when the project, the folder or its encoder file changes.
 */
export class AssistService {
  private open: OpenAssistModel | null = null;
  private opening: Promise<OpenAssistModel> | null = null;

  /** `launch` gives the encoder its process. */
  constructor(private readonly launch: LaunchWorkerProcess) {}

  list(projectDir: string): AssistModelInfo[] {
    return listAssistModels(projectDir).map(({ card: _card, encoderPath: _e, decoderPath: _d, ...info }) => info);
  }

  private async model(project: ProjectDb, name: string): Promise<OpenAssistModel> {
    const folder = resolveAssistModel(project.dir, name);
    const current = this.open;
    if (current && current.project === project && current.folder.name === name && current.fingerprint === encoderFingerprint(folder)) return current;
    if (this.opening) {
      await this.opening.catch(() => undefined);
      return this.model(project, name);
    }
    this.opening = (async () => {
      this.open = null;
      // Not waited for: the old decoder ends after its click in flight.
      void current?.close();
      const opened = await OpenAssistModel.open(this.launch, project, folder);
      this.open = opened;
      return opened;
    })();
    try {
      return await this.opening;
    } finally {
      this.opening = null;
    }
  }

  async encodeImage(project: ProjectDb, name: string, imageId: number, next: readonly number[]): Promise<{ cached: boolean; encodeMs: number | null; provider: string }> {
    // Refused before any worker starts: a missing image or file needs no model to say so.
    const file = imageFile(project.db, imageId);
    if (!file) throw new FaultlineError('not_found', `There is no image ${imageId} in this project.`);
    if (!existsSync(join(project.dir, file.relPath))) {
      throw new FaultlineError('not_found', `The file of image ${imageId} (${file.relPath}) is missing from the project folder; re-import the image.`);
    }
    const model = await this.model(project, name);
    const started = performance.now();
    const { cached, promise } = model.embedding(imageId, true);
    for (const id of next) {
      try {
        model.embedding(id, false);
      } catch {
        // An id the queue no longer has is no reason to fail the open image.
      }
    }
    await promise;
    model.preload(imageId);
    return { cached, encodeMs: cached ? null : performance.now() - started, provider: model.provider };
  }

  async cancel(project: ProjectDb, name: string): Promise<void> {
    void this.openAs(project, name)?.cancel();
  }

  /** The open model when it is `name` of this project (the one the editor's last encodeImage opened). */
  private openAs(project: ProjectDb, name: string): OpenAssistModel | null {
    const current = this.open;
    return current && current.project === project && current.folder.name === name ? current : null;
  }

  /** A click, on the model the last encodeImage opened (the folder is checked again on the next encodeImage, not per click). */
  async decode(project: ProjectDb, name: string, imageId: number, prompt: AssistPrompt, seed: AssistSeed) {
    const current = this.openAs(project, name);
    if (!current) throw new FaultlineError('invalid_input', `Image ${imageId} is not encoded for ${name} yet; choose the assist tool (or call assist.prepare) first.`);
    return current.decode(imageId, prompt, seed);
  }

  async fullMask(project: ProjectDb, name: string, imageId: number): Promise<MaskCrop | null> {
    const current = this.openAs(project, name);
    if (!current) throw new FaultlineError('invalid_input', `There is no assist mask of image ${imageId} for ${name}; click the object first.`);
    return current.fullMask(imageId);
  }

  /**
   * Lets go of the open model at once; resolves when its workers have ended, the decoder once its
   * click in flight is over (a process that exits before then aborts as onnxruntime answers).
   */
  async close(): Promise<void> {
    const current = this.open;
    this.open = null;
    await current?.close();
  }
}
