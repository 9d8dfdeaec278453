import { deflateSync } from 'node:zlib';
import { join } from 'node:path';
import { createClient, type Client } from '../../../shared/client/createClient.js';
import { FaultlineError } from '../../../shared/contract/errors.js';
import { mulberry32 } from '../../../shared/mining/prng.js';
import { createCore, headlessHost, type Core } from '../../../electron/core/index.js';
import { startServer } from '../../../electron/server/serveHost.js';
import { insertSeedRows } from '../seedProject.js';
import { seedRatingProject } from '../seedRatingProject.js';
import { connectWsTransport, type TestWsTransport } from '../wsClientTransport.js';

/** The seeded pool images are 40×30; every submitted mask is one of them. */
const W = 40;
const H = 30;
/** Pool images mined into the rating set. */
const RATING_POOL = 24;

export interface LabLoadOptions {
  /** Folder for the project and the server's user data (the caller removes it). */
  dir: string;
  annotators: number;
  /** Actions per annotator, alternating: rate the next image of the rating set, submit a mask for the next image to label. */
  actionsEach: number;
  /** Chance, per action, that the socket is killed while the action is in flight (it reconnects and re-sends). */
  dropChance: number;
  seed: number;
}

export interface LabLoadReport {
  annotators: number;
  actionsEach: number;
  dropChance: number;
  /** Actions each annotator sent (rate or submit). */
  sent: number;
  /** Answered ok. */
  confirmed: number;
  /** Answered with the refusal the lab expects when two people reach for one image ('leased'). */
  refused: number;
  /** Actions not sent because the claim handed out nothing (every image of the set rated by them, or labelled). */
  nothingLeft: number;
  /** Images in the rating set. */
  ratingSetSize: number;
  /** Ended in an error the lab does not expect (a bug or a lost connection past its deadline). */
  failed: number;
  /** Confirmed, as found in the project afterwards. */
  stored: number;
  /** Confirmed but not in the project. */
  lost: number;
  /** In the project more often than confirmed (a retried call applied twice). */
  duplicated: number;
  disconnects: number;
  /** Answer time of every call (claims included), milliseconds. */
  p50Ms: number;
  p95Ms: number;
  maxMs: number;
  wallMs: number;
  errors: string[];
}

function mask(classId: number) {
  return { width: W, height: H, encoding: 'deflate' as const, data: deflateSync(new Uint8Array(W * H).fill(classId)).toString('base64') };
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

interface Annotator {
  name: string;
  transport: TestWsTransport;
  client: Client;
  /** Images this person's ratings were confirmed on. */
  rated: Set<number>;
  /** Images with a confirmed submit, with how many. */
  submitted: Map<number, number>;
}

/**
 * N people work at once on one project through the WebSocket host, each with their own sign-in,
 * claiming images and rating or labelling them, while their sockets are killed at random moments.
 * Afterwards the project is read back through the admin's connection and compared with what each
 * person was told was stored.
 */
export async function runLabLoad(options: LabLoadOptions): Promise<LabLoadReport> {
  const projectDir = join(options.dir, 'project');
  const imagesNeeded = Math.ceil(options.actionsEach / 2) * options.annotators;
  const { setId, size: ratingSetSize } = await seedRatingProject(projectDir, RATING_POOL, RATING_POOL);
  insertSeedRows(projectDir, { images: Array.from({ length: imagesNeeded }, (_, i) => ({ relPath: `images/label-${i}.png`, width: W, height: H })) });

  const core: Core = createCore({ host: headlessHost('server'), userDataDir: join(options.dir, 'home'), listRecent: false });
  const server = await startServer({ core, port: 0 });
  const admin = createClient(await connectWsTransport(server.origin, server.token));
  const random = mulberry32(options.seed);
  const times: number[] = [];
  const report = { sent: 0, confirmed: 0, refused: 0, nothingLeft: 0, failed: 0, disconnects: 0, errors: [] as string[] };
  const annotators: Annotator[] = [];
  try {
    await admin.call('project.open', { dir: projectDir });
    for (let i = 0; i < options.annotators; i++) {
      const name = `annotator-${String(i + 1).padStart(2, '0')}`;
      const { token } = await admin.call('people.add', { name, roles: ['annotator'], expiresInDays: 1 });
      const transport = await connectWsTransport(server.origin, token);
      annotators.push({ name, transport, client: createClient(transport), rated: new Set(), submitted: new Map() });
    }

    const timed = async <T>(work: () => Promise<T>): Promise<T> => {
      const started = performance.now();
      try {
        return await work();
      } finally {
        times.push(performance.now() - started);
      }
    };

    /** One action, with the socket killed under it at random; true when it was confirmed. */
    const act = async (person: Annotator, work: () => Promise<unknown>): Promise<boolean> => {
      report.sent += 1;
      const drop = random() < options.dropChance;
      try {
        const done = timed(work);
        if (drop) {
          report.disconnects += 1;
          await person.transport.dropConnection();
        }
        await done;
        report.confirmed += 1;
        return true;
      } catch (error) {
        if (error instanceof FaultlineError && error.code === 'leased') report.refused += 1;
        else {
          report.failed += 1;
          if (report.errors.length < 5) report.errors.push(`${person.name}: ${error instanceof Error ? error.message : String(error)}`);
        }
        return false;
      }
    };

    const work = async (person: Annotator): Promise<void> => {
      for (let a = 0; a < options.actionsEach; a++) {
        if (a % 2 === 0) {
          const { imageId } = await timed(() => person.client.call('rating.claim', { setId }));
          if (imageId === null) {
            report.nothingLeft += 1;
            continue;
          }
          const score = (1 + Math.floor(random() * 5)) as 1 | 2 | 3 | 4 | 5;
          const input = { setId, imageId, rater: person.name, score, outOfDomain: false, timeMs: 500 };
          if (await act(person, () => person.client.call('rating.rate', input))) person.rated.add(imageId);
        } else {
          const { imageId } = await timed(() => person.client.call('annotations.claim', {}));
          if (imageId === null) {
            report.nothingLeft += 1;
            continue;
          }
          const input = { imageId, authorId: 1, origin: 'scratch' as const, timeMs: 500, mask: mask(1 + (a % 2)) };
          if (await act(person, () => person.client.call('annotations.submit', input))) person.submitted.set(imageId, (person.submitted.get(imageId) ?? 0) + 1);
        }
      }
    };

    const started = performance.now();
    await Promise.all(annotators.map(work));
    const wallMs = performance.now() - started;

    // Read back: each rater's ratings, and every version each author submitted on the images they were told they labelled.
    let stored = 0;
    let lost = 0;
    let duplicated = 0;
    for (const person of annotators) {
      const mine = await admin.call('rating.queue', { setId, rater: person.name });
      const ratedNow = new Set(mine.items.filter((i) => i.myScore !== null).map((i) => i.imageId));
      for (const imageId of person.rated) if (ratedNow.has(imageId)) stored += 1;
      else lost += 1;
      duplicated += [...ratedNow].filter((id) => !person.rated.has(id)).length;
      for (const [imageId, confirmed] of person.submitted) {
        const { versions } = await admin.call('annotations.history', { imageId });
        const theirs = versions.filter((v) => v.authorName === person.name && v.status !== 'draft').length;
        stored += Math.min(theirs, confirmed);
        lost += Math.max(0, confirmed - theirs);
        duplicated += Math.max(0, theirs - confirmed);
      }
    }
    const sorted = [...times].sort((a, b) => a - b);
    return {
      annotators: options.annotators,
      actionsEach: options.actionsEach,
      dropChance: options.dropChance,
      ratingSetSize,
      ...report,
      stored,
      lost,
      duplicated,
      p50Ms: +percentile(sorted, 50).toFixed(1),
      p95Ms: +percentile(sorted, 95).toFixed(1),
      maxMs: +(sorted.at(-1) ?? 0).toFixed(1),
      wallMs: Math.round(wallMs),
    };
  } finally {
    for (const person of annotators) person.transport.close();
    await server.close();
    await core.dispose();
  }
}
