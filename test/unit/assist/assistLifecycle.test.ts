import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { createClient } from '../../../shared/client/createClient.js';
import { FaultlineError } from '../../../shared/contract/errors.js';
import { ASSIST_CACHE_DIR } from '../../../electron/core/assist/embeddingCache.js';
import { createCore, headlessHost } from '../../../electron/core/index.js';
import { samShapedDecoder, vitEncoder } from '../../fixtures/models/samShapedModels.js';
import { addImageFile } from '../../fixtures/models/tinyProject.js';
import { makeTempDir } from '../../helpers/tempDir.js';
import { inProcessTransport } from '../../helpers/wsClientTransport.js';

/** Pids of this process's children that run the assist worker (the encoders): Linux's /proc only. */
function encoderProcesses(): number[] {
  const children = readdirSync('/proc/self/task').flatMap((task) => readFileSync(`/proc/self/task/${task}/children`, 'utf8').split(' ').filter(Boolean).map(Number));
  return children.filter((pid) => {
    try {
      return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('assistWorker');
    } catch {
      return false;
    }
  });
}

/** A process's state letter (R running, S sleeping, T stopped), from /proc. */
function processState(pid: number): string {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0]!;
}

/**
 * A worker thread ended while onnxruntime runs in it takes the whole process down when the run
 * answers ("terminate called after throwing an instance of 'Napi::Error'"): Cancel, switching
 * models and closing used to end the encoder's worker mid-image. The encoder now runs in a process
 * of its own that Cancel kills at once; the decoder's thread is retired after its click. An
 * encoder slow enough that each of those lands mid-run; this test process itself is the host that
 * must survive.
 */
describe('assist workers are never ended under a run', () => {
  const temp = makeTempDir();
  afterAll(() => temp.cleanup());

  it('cancels, switches model and closes while an image is being encoded, and goes on working', { timeout: 300_000 }, async () => {
    const core = createCore({ host: headlessHost('in-process'), userDataDir: join(temp.dir, 'home') });
    const client = createClient(inProcessTransport(core));
    const dir = join(temp.dir, 'p');
    await client.call('project.create', { dir, name: 'lifecycle' });
    const { db } = core.session.requireWritable();
    const ids: number[] = [];
    for (let i = 0; i < 6; i++) {
      const raw = Buffer.alloc(160 * 96 * 3, 20 + 50 * i);
      ids.push(await addImageFile(db, dir, `images/${i}.png`, await sharp(raw, { raw: { width: 160, height: 96, channels: 3 } }).png().toBuffer()));
    }
    const encoder = vitEncoder({ width: 384, depth: 8, heads: 6, window: 16, global: [7] }).bytes;
    for (const name of ['slow-a', 'slow-b']) {
      const model = join(dir, 'models', name);
      mkdirSync(model, { recursive: true });
      writeFileSync(join(model, 'encoder.onnx'), encoder);
      writeFileSync(join(model, 'decoder.onnx'), samShapedDecoder().bytes);
      writeFileSync(join(model, 'assist.json'), JSON.stringify({ cardVersion: 1, format: 'sam', family: 'slow test encoder', licence: 'none', encoder: 'encoder.onnx', decoder: 'decoder.onnx' }));
    }
    const cachedEmbeddings = () => readdirSync(join(dir, ASSIST_CACHE_DIR)).flatMap((d) => readdirSync(join(dir, ASSIST_CACHE_DIR, d))).length;
    const settled = (p: Promise<unknown>) => p.then(() => 'encoded', (e: unknown) => (e instanceof FaultlineError ? e.code : String(e)));

    await client.call('assist.prepare', { model: 'slow-a', imageId: ids[0]! });
    // Cancel, most likely mid-image (an encode takes seconds here): the waiting prepare is answered
    // at once, and the image is encoded again on request. A cancel that overtakes the prepare finds
    // nothing to stop; either way the process must live on.
    const cancelled = settled(client.call('assist.prepare', { model: 'slow-a', imageId: ids[1]! }));
    await new Promise((resolve) => setTimeout(resolve, 300));
    await client.call('assist.cancel', { model: 'slow-a' });
    const outcome = await cancelled;
    expect(['cancelled', 'encoded']).toContain(outcome);
    if (process.platform === 'linux') {
      // The encoder's process is killed, not left to finish the image: it goes, and the image it was on is not cached.
      await expect.poll(encoderProcesses, { timeout: 60_000 }).toEqual([]);
      expect(cachedEmbeddings()).toBe(outcome === 'cancelled' ? 1 : 2);
    }
    await client.call('assist.prepare', { model: 'slow-a', imageId: ids[1]! });
    const click = await client.call('assist.decode', { model: 'slow-a', imageId: ids[1]!, prompt: { points: [{ x: 80, y: 48, positive: true }], box: null } });
    expect(click.score).toEqual(expect.any(Number));

    if (process.platform === 'linux') {
      // A click while the next image is prefetched holds the encoder's process still (state T),
      // which goes on once the clicks stop, and finishes the prefetch.
      await client.call('assist.prepare', { model: 'slow-a', imageId: ids[1]!, next: [ids[4]!] });
      await client.call('assist.decode', { model: 'slow-a', imageId: ids[1]!, prompt: { points: [{ x: 20, y: 20, positive: true }], box: null } });
      const [encoderPid] = encoderProcesses();
      expect(encoderPid).toBeDefined();
      await expect.poll(() => processState(encoderPid!), { timeout: 30_000 }).toBe('T');
      await expect.poll(() => processState(encoderPid!), { timeout: 30_000 }).not.toBe('T');
      await expect.poll(() => cachedEmbeddings(), { timeout: 120_000 }).toBe(3);

      // Clicks hold only a prefetch nobody waits for: once the editor asks for the image being
      // prefetched, it is encoded even while clicks go on without a pause (held, it never would be).
      await client.call('assist.prepare', { model: 'slow-a', imageId: ids[1]!, next: [ids[5]!] });
      await client.call('assist.decode', { model: 'slow-a', imageId: ids[1]!, prompt: { points: [{ x: 20, y: 20, positive: true }], box: null } });
      await expect.poll(() => processState(encoderProcesses()[0]!), { timeout: 30_000 }).toBe('T');
      let waitedFor = false;
      const waited = client.call('assist.prepare', { model: 'slow-a', imageId: ids[5]! }).then(() => (waitedFor = true));
      while (!waitedFor) await client.call('assist.decode', { model: 'slow-a', imageId: ids[1]!, prompt: { points: [{ x: 30, y: 30, positive: true }], box: null } });
      await waited;
      expect(cachedEmbeddings()).toBe(4);
    }

    // Switching model while the queue's next image is encoded.
    const prefetching = settled(client.call('assist.prepare', { model: 'slow-a', imageId: ids[2]! }));
    await client.call('assist.prepare', { model: 'slow-b', imageId: ids[3]! });
    expect(['encoded', 'cancelled']).toContain(await prefetching);

    // Closing while an image is encoded kills the encoder and ends cleanly.
    const closing = settled(client.call('assist.prepare', { model: 'slow-b', imageId: ids[0]! }));
    await core.dispose();
    expect(['encoded', 'cancelled', 'internal', 'not_found', 'invalid_input']).toContain(await closing);
    if (process.platform === 'linux') expect(encoderProcesses()).toEqual([]);
  });
});
