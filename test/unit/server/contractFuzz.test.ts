import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import WebSocket from 'ws';
import { z } from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { methodNames, methods, type MethodName } from '../../../shared/contract/methods.js';
import { ServerFrame } from '../../../shared/contract/wire.js';
import { probeInWorker } from '../../../electron/core/inference/probeInWorker.js';
import { addModel } from '../../../electron/core/models/modelRegistry.js';
import { openProjectDb } from '../../../electron/core/store/openProjectDb.js';
import { colourCard, colourModel, writeModel } from '../../fixtures/models/tinyModels.js';
import { addImageFile, splitImagePng } from '../../fixtures/models/tinyProject.js';
import { harvestIds, hostilePaths, mutate, sampleSchema, type JsonSchema } from '../../helpers/fuzz/sampleJsonSchema.js';
import { fuzzSeed, SeededRandom } from '../../helpers/fuzz/seededRandom.js';
import { exchange, frame, rawWebSocket } from '../../helpers/rawSocket.js';
import { startServeProcess } from '../../helpers/runCliProcess.js';
import { seedErrorsProject } from '../../helpers/seedErrorsProject.js';
import { makeTempDir } from '../../helpers/tempDir.js';

const CALLS = Number(process.env.FAULTLINE_FUZZ_CALLS ?? 2000);
const MALFORMED_URLS = 200;
const RAW_FRAMES = 100;
const CONCURRENCY = 4;
const SEED = fuzzSeed(20261207);
/** Building the demo world takes minutes and is not input handling; everything else is fuzzed. */
const SKIPPED: ReadonlySet<MethodName> = new Set(['project.openDemo']);

/** Error codes are the contract's promise; 'internal' means the host met something it did not expect. */
interface Tally {
  ok: number;
  errors: Record<string, number>;
  internal: string[];
}

function schemaOf(name: MethodName): JsonSchema {
  return z.toJSONSchema(methods[name].input, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
}

/** A WebSocket client that sends raw call frames and matches answers by id, whatever the input. */
async function connect(url: string): Promise<{ call(method: string, input: unknown): Promise<unknown>; close(): void }> {
  const target = new URL(url);
  const socket = new WebSocket(`ws://${target.host}/ws?token=${target.searchParams.get('token')}`, { origin: `http://${target.host}` });
  await new Promise((resolve, reject) => {
    socket.once('open', resolve);
    socket.once('error', reject);
  });
  const pending = new Map<number, (result: unknown) => void>();
  socket.on('message', (data) => {
    const parsed = ServerFrame.parse(JSON.parse(String(data)));
    if (parsed.type === 'result') pending.get(parsed.id)?.(parsed.result);
  });
  const closed = new Promise<never>((_, reject) => socket.once('close', (code, reason) => reject(new Error(`socket closed ${code} ${String(reason)}`))));
  closed.catch(() => undefined);
  let next = 1;
  return {
    call(method, input) {
      const id = next++;
      const answered = new Promise<unknown>((resolve) => pending.set(id, resolve));
      socket.send(JSON.stringify({ type: 'call', id, method, input }));
      return Promise.race([answered, closed]).finally(() => pending.delete(id));
    },
    close: () => socket.close(),
  };
}

/** A request line a browser would never send: percent garbage, control bytes, absurd lengths. */
function malformedRequest(random: SeededRandom, port: number): Buffer {
  const pieces = ['/', '%', '%f', '%ff', '%E0%A4%A', '//[', '//x:99999/', '/api/', '/ws', '/images/', '..', '?', '#', '\u00ff', 'a'];
  let path = '/';
  for (let i = random.int(1, 12); i > 0; i--) path += random.chance(0.2) ? random.bytes(random.int(1, 4)).toString('latin1') : random.pick(pieces);
  if (random.chance(0.05)) path += 'p'.repeat(random.int(9_000, 80_000));
  const upgrade = random.chance(0.3) ? 'Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: AAAAAAAAAAAAAAAAAAAAAA==\r\nSec-WebSocket-Version: 13\r\n' : 'Connection: close\r\n';
  const host = random.pick([`127.0.0.1:${port}`, `localhost:${port}`, 'evil.example', '', `[::1]:${port}`, '%ff']);
  const method = random.pick(['GET', 'POST', 'HEAD', 'OPTIONS', 'BREW', 'GET GET']);
  return Buffer.concat([Buffer.from(`${method} `), Buffer.from(path, 'latin1'), Buffer.from(` HTTP/1.1\r\nHost: ${host}\r\n${upgrade}\r\n`)]);
}

/** A raw client frame with random header bits, masking, declared length and payload. */
function malformedFrame(random: SeededRandom): Buffer {
  const first = random.pick([0x81, 0x82, 0x01, 0x80, 0x83, 0x8b, 0xc1, 0x88, 0x09, 0x89, random.int(0, 255)]);
  const payload = random.chance(0.5) ? random.bytes(random.int(0, 200)) : Buffer.from(JSON.stringify({ type: 'call', id: random.int(-5, 5), method: 'app.info', input: mutate({}, random) }));
  const declaredLength = random.chance(0.2) ? random.int(0, 2 ** 31) : undefined;
  return frame(first, payload, { masked: random.chance(0.9), ...(declaredLength === undefined ? {} : { declaredLength }) });
}

describe('a seeded fuzzer against a real faultline serve', () => {
  const temp = makeTempDir();
  const project = join(temp.dir, 'project');
  const sandbox = join(temp.dir, 'sandbox');
  /** The server's working folder: a relative path that got through would create something here. */
  const workingFolder = join(temp.dir, 'cwd');
  let served: Awaited<ReturnType<typeof startServeProcess>>;
  let port: number;
  let token: string;

  beforeAll(async () => {
    await seedErrorsProject(project);
    const opened = openProjectDb(project);
    try {
      await addModel(opened, writeModel(join(temp.dir, 'src'), 'colour', colourModel({ width: 32, height: 24 }), colourCard({}, { width: 32, height: 24 })), probeInWorker);
      const png = await splitImagePng(64, 48, [200, 30, 30], [30, 30, 200]);
      for (let i = 0; i < 6; i++) await addImageFile(opened.db, opened.dir, `images/pool-${i}.png`, png);
    } finally {
      opened.close();
    }
    mkdirSync(join(sandbox, 'unreadable'), { recursive: true, mode: 0o000 });
    writeFileSync(join(sandbox, 'a-file.txt'), 'not a folder, not an image, not a model');
    mkdirSync(workingFolder);
    served = await startServeProcess(['--project', project], { ...process.env, FAULTLINE_HOME: join(temp.dir, 'home') }, workingFolder);
    const url = new URL(served.url);
    port = Number(url.port);
    token = url.searchParams.get('token')!;
  }, 120_000);
  afterAll(async () => {
    await served?.stop();
    temp.cleanup();
  });

  const stillServing = async (): Promise<void> => {
    expect(served.child.exitCode, `seed ${SEED}: ${served.output().stderr}`).toBeNull();
    expect((await fetch(`http://127.0.0.1:${port}/api/health?token=${token}`)).status).toBe(200);
  };

  it(`answers ${CALLS} generated contract calls, every one with a result or a contract error`, async () => {
    const random = new SeededRandom(SEED);
    const context = { random, paths: hostilePaths(sandbox), known: new Map<string, unknown[]>() };
    const schemas = new Map(methodNames.map((name) => [name, schemaOf(name)]));
    const names = methodNames.filter((name) => !SKIPPED.has(name));
    const tally: Tally = { ok: 0, errors: {}, internal: [] };
    const client = await connect(served.url);

    const one = async (index: number): Promise<void> => {
      const method = random.chance(0.02) ? random.pick(['', 'nope', 'constructor', '__proto__', 'app.info.x']) : random.pick(names);
      const schema = schemas.get(method as MethodName) ?? {};
      const roll = random.next();
      const input = roll < 0.55 ? sampleSchema(schema, context) : roll < 0.9 ? mutate(sampleSchema(schema, context), random) : mutate(undefined, random);
      const result = (await client.call(method, input)) as { ok: boolean; value?: unknown; error?: { code: string; message: string } };
      if (result.ok) {
        tally.ok++;
        harvestIds(result.value, context.known);
      } else {
        const code = result.error!.code;
        tally.errors[code] = (tally.errors[code] ?? 0) + 1;
        if (code === 'internal') tally.internal.push(`#${index} ${method} ${JSON.stringify(input).slice(0, 200)} → ${result.error!.message}`);
      }
    };

    // Some calls switch or close the project; bring the seeded one back now and then so later calls reach data again.
    const reopen = async (): Promise<void> => {
      const current = (await client.call('project.current', {})) as { ok: boolean; value: { dir: string } | null };
      if (current.ok && current.value?.dir === project) return;
      await settleJobs();
      expect(await client.call('project.open', { dir: project })).toMatchObject({ ok: true });
    };

    // Jobs the calls started fail on their own time; a failure the host did not expect counts like an internal answer.
    const settleJobs = async (): Promise<void> => {
      for (const job of ((await client.call('jobs.list', {})) as { value: Array<{ jobId: string }> }).value) {
        const outcome = (await client.call('jobs.wait', { jobId: job.jobId })) as { ok: boolean; value?: { kind: string; error: { code: string; message: string } | null } };
        const error = outcome.value?.error;
        if (error?.code === 'internal' && !jobsSeen.has(job.jobId)) tally.internal.push(`job ${outcome.value!.kind} → ${error.message}`);
        jobsSeen.add(job.jobId);
      }
    };
    const jobsSeen = new Set<string>();

    for (let start = 0; start < CALLS; start += CONCURRENCY) {
      if (start % 100 === 0) await reopen();
      await Promise.all(Array.from({ length: Math.min(CONCURRENCY, CALLS - start) }, (_, k) => one(start + k)));
    }
    await settleJobs();
    client.close();
    await stillServing();
    const answered = tally.ok + Object.values(tally.errors).reduce((a, b) => a + b, 0);
    console.log(JSON.stringify({ seed: SEED, calls: CALLS, answered, ok: tally.ok, errors: tally.errors }));
    expect(answered).toBe(CALLS);
    expect(readdirSync(workingFolder)).toEqual([]);
    expect(tally.internal, `seed ${SEED}`).toEqual([]);
  }, 600_000);

  it(`answers ${MALFORMED_URLS} malformed requests with a status, never by stopping`, async () => {
    const random = new SeededRandom(SEED + 1);
    const statuses: Record<string, number> = {};
    for (let i = 0; i < MALFORMED_URLS; i++) {
      const answer = await exchange(port, malformedRequest(random, port), 200);
      const status = /^HTTP\/1\.1 (\d\d\d) /.exec(answer)?.[1] ?? 'closed';
      statuses[status] = (statuses[status] ?? 0) + 1;
      expect(status, `seed ${SEED + 1}, request ${i}`).not.toMatch(/^5/);
    }
    console.log(JSON.stringify({ seed: SEED + 1, malformedRequests: MALFORMED_URLS, statuses }));
    await stillServing();
  }, 300_000);

  it(`closes the connection on ${RAW_FRAMES} malformed raw frames and keeps serving`, async () => {
    const random = new SeededRandom(SEED + 2);
    const closeCodes: Record<string, number> = {};
    for (let i = 0; i < RAW_FRAMES; i++) {
      const { socket, closed } = await rawWebSocket(port, token);
      socket.write(malformedFrame(random));
      if (random.chance(0.5)) socket.write(malformedFrame(random));
      // A frame the server finds well-formed (a ping, a call) or still incomplete gets no close: stop waiting for one.
      const timer = setTimeout(() => socket.destroy(), 2_000);
      const rest = await closed;
      clearTimeout(timer);
      const closeAt = rest.indexOf(0x88);
      const code = closeAt >= 0 && rest.length >= closeAt + 4 ? String(rest.readUInt16BE(closeAt + 2)) : 'none';
      closeCodes[code] = (closeCodes[code] ?? 0) + 1;
    }
    console.log(JSON.stringify({ seed: SEED + 2, rawFrames: RAW_FRAMES, closeCodes }));
    await stillServing();
  }, 300_000);
});
