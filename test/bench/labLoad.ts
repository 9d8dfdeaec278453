/**
 * A lab at once on one server host: N annotators (default 20), each with their own sign-in, over
 * loopback WebSocket, each doing a fixed number of actions (alternately claim and rate an image
 * of the rating set, claim and submit a mask), with their sockets killed at random while an
 * action is in flight (they reconnect and re-send, as the app does). Counts actions sent,
 * confirmed and found stored afterwards: the figures that matter are lost = 0 and duplicated = 0.
 * The baseline measured in the same run is one annotator alone with no disconnects: the ratio is
 * the lab's P95 answer time over the lone annotator's. Prints one JSON object.
 * Run: npm run bench -- labLoad [ANNOTATORS=20] [ACTIONS each=20] [DROP chance=0.1] [SEED=19]
 */
import os from 'node:os';
import { runLabLoad } from '../helpers/labLoad/labLoad.js';
import { makeTempDir } from '../helpers/tempDir.js';

const annotators = Number(process.argv[2] ?? 20);
const actionsEach = Number(process.argv[3] ?? 20);
const dropChance = Number(process.argv[4] ?? 0.1);
const seed = Number(process.argv[5] ?? 19);

async function measure(n: number, drop: number) {
  const temp = makeTempDir('faultline-lab-load-');
  try {
    return await runLabLoad({ dir: temp.dir, annotators: n, actionsEach, dropChance: drop, seed });
  } finally {
    temp.cleanup();
  }
}

const baseline = await measure(1, 0);
const lab = await measure(annotators, dropChance);
process.stdout.write(
  `${JSON.stringify(
    {
      bench: 'labLoad',
      conditions: { annotators, actionsEach, dropChance, seed, transport: 'WebSocket over loopback', cpus: os.cpus().length, cpu: os.cpus()[0]?.model, node: process.version, loadavg: os.loadavg().map((l) => +l.toFixed(2)) },
      lab,
      baseline: { annotators: 1, dropChance: 0, p50Ms: baseline.p50Ms, p95Ms: baseline.p95Ms, lost: baseline.lost, duplicated: baseline.duplicated },
      p95RatioToAlone: +(lab.p95Ms / Math.max(baseline.p95Ms, 0.1)).toFixed(2),
      ok: lab.lost === 0 && lab.duplicated === 0 && lab.failed === 0,
    },
    null,
    2,
  )}\n`,
);
