import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FaultlineError } from '../../../shared/contract/errors.js';
import { runMadVsBaselines, type ExperimentOutcome } from '../../../electron/core/experiment/madVsBaselines.js';
import type { JobContext } from '../../../electron/core/jobs/jobRunner.js';
import { openProjectDb } from '../../../electron/core/store/openProjectDb.js';
import { makeTempDir } from '../../helpers/tempDir.js';

const ctx: JobContext = { signal: new AbortController().signal, progress: () => undefined, throwIfCancelled: () => undefined };
const STRATEGIES = ['mad', 'entropy', 'margin', 'random'];

describe('MAD against baselines on tiny demo worlds (2 seeds, 1 round, budget 6): the CI smoke run', () => {
  const temp = makeTempDir();
  const out = join(temp.dir, 'experiment');
  const log: string[] = [];
  let outcome: ExperimentOutcome;

  beforeAll(async () => {
    outcome = await runMadVsBaselines(out, { seeds: 2, rounds: 1, budget: 6, seed: 3, competitionSize: 5, worldSizes: { train: 24, test: 8, pool: 48 } }, ctx, (m) => log.push(m));
    // Two whole experiments on a shared, loaded machine: minutes, not the default minute.
  }, 600_000);
  afterAll(() => temp.cleanup());

  it('runs every strategy through one round at the same labelling budget on each seed, fine-tuning the tail', () => {
    const { seeds, settings } = outcome.results;
    expect(seeds.map((s) => s.seed)).toEqual([3, 4]);
    expect(settings).toMatchObject({ seeds: 2, rounds: 1, budget: 6, testSize: 6, raters: 3, raterNoise: 0.5, trainable: 'tail' });
    for (const seed of seeds) {
      expect(seed.strategies.map((s) => s.strategy)).toEqual(STRATEGIES);
      for (const s of seed.strategies) {
        const r = s.rounds[0]!;
        expect(r.counterexamples).toBe(6);
        expect(r.version).toBe(`${s.initial.version}+ft1`);
        expect(r.testSet.images).toBeGreaterThan(0);
        expect(r.finetune.trainable).toBe('tail');
        expect(r.finetune.learningRate).not.toBeNull();
        expect(r.finetune.validation!.after).toBeGreaterThan(0);
      }
      // Baselines are rated on exactly the n4 images they mined; MAD's raters see its whole set and pick the worst.
      for (const s of seed.strategies.filter((x) => x.strategy !== 'mad')) expect(s.rounds[0]!.candidates).toBe(6);
      expect(seed.strategies[0]!.rounds[0]!.candidates).toBeGreaterThanOrEqual(6);
    }
    expect(log.some((m) => m.startsWith('[seed 4] [random round 1/1] fine-tuning the tail'))).toBe(true);
  });

  it('registers a fine-tuned target in each project, labels S and T from the oracle, and evaluates it', () => {
    for (const s of outcome.results.seeds[0]!.strategies) {
      const project = openProjectDb(join(out, 'seed-3', s.strategy), { readOnly: true });
      try {
        const { db } = project;
        const r = s.rounds[0]!;
        expect(db.prepare('SELECT parent_id, is_target FROM models WHERE id = ?').get(r.modelId)).toEqual({ parent_id: s.initial.modelId, is_target: 1 });
        const evaluated = db.prepare('SELECT t.kind FROM evaluations e JOIN test_sets t ON t.id = e.test_set_id WHERE e.model_id = ? ORDER BY t.kind').pluck().all(r.modelId);
        expect(evaluated).toEqual(['unbiased', 'user']);
        const accepted = db.prepare("SELECT count(*) FROM annotations WHERE status = 'accepted'").pluck().get() as number;
        const labelled = db.prepare("SELECT count(DISTINCT x.image_id) FROM test_set_images x JOIN test_sets t ON t.id = x.test_set_id WHERE t.kind IN ('counterexamples', 'unbiased')").pluck().get();
        expect(accepted).toBe(labelled);
        expect(db.prepare('SELECT count(*) FROM predictions WHERE model_id = ? AND error IS NULL').pluck().get(r.modelId)).toBe(80);
        expect(db.prepare("SELECT count(*) FROM ratings WHERE set_id IN (SELECT id FROM candidate_sets WHERE strategy = ?)").pluck().get(s.strategy)).toBe(3 * r.candidates);
      } finally {
        project.close();
      }
    }
  });

  it('scores every version on the shared images, pits the final models against MAD, and counts the labelling cost', () => {
    for (const seed of outcome.results.seeds) {
      expect(seed.union.testImages).toBeGreaterThan(0);
      expect(seed.union.heldOutPoolImages).toBeGreaterThan(0);
      expect(seed.union.heldOutPoolImages).toBeLessThanOrEqual(48 - 6);
      // Every project of a seed starts from the same copy of the demo, so the untouched target scores the same everywhere.
      expect(new Set(seed.strategies.map((s) => s.initial.unionT)).size).toBe(1);
      for (const s of seed.strategies) {
        for (const v of [s.initial.t0, s.initial.unionT, s.initial.heldOutPool, s.rounds[0]!.t0, s.rounds[0]!.unionT, s.rounds[0]!.heldOutPool]) {
          expect(v).toBeGreaterThan(0);
          expect(v).toBeLessThanOrEqual(1);
        }
        expect(s.ranking).toHaveLength(5);
        // 3 raters × candidates at 7 s, 6 dense masks at 135 s.
        expect(s.cost).toMatchObject({ ratings: 3 * s.rounds[0]!.candidates, denseS: 6, denseSHours: (6 * 135) / 3600 });
        expect(s.cost.totalHours).toBeCloseTo((3 * s.rounds[0]!.candidates * 7 + 6 * 135) / 3600, 10);
      }
      expect(seed.competition.map((c) => c.strategy)).toEqual(['entropy', 'margin', 'random']);
      for (const c of seed.competition) {
        expect(c.images).toBe(5);
        expect(c.disagreement).toBeGreaterThanOrEqual(0);
        expect(c.mad).toBeGreaterThan(0);
        expect(c.other).toBeGreaterThan(0);
      }
    }
  });

  it('summarises across seeds with intervals, paired against MAD', () => {
    const { summary, seeds } = outcome.results;
    expect(summary.rounds).toHaveLength(STRATEGIES.length * 2);
    const madFinal = summary.rounds.find((r) => r.strategy === 'mad' && r.round === 1)!;
    expect(madFinal.heldOutPool!.n).toBe(2);
    expect(madFinal.heldOutPool!.mean).toBeCloseTo((seeds[0]!.strategies[0]!.rounds[0]!.heldOutPool! + seeds[1]!.strategies[0]!.rounds[0]!.heldOutPool!) / 2, 12);
    expect(madFinal.heldOutPool!.low).toBeLessThanOrEqual(madFinal.heldOutPool!.mean);
    expect(summary.pairedVsMad.map((p) => p.strategy)).toEqual(['entropy', 'margin', 'random']);
    const random = summary.pairedVsMad.find((p) => p.strategy === 'random')!;
    const diff = (i: number) => seeds[i]!.strategies[3]!.rounds[0]!.heldOutPool! - seeds[i]!.strategies[0]!.rounds[0]!.heldOutPool!;
    expect(random.heldOutPool!.mean).toBeCloseTo((diff(0) + diff(1)) / 2, 12);
    expect(summary.competition.map((c) => c.seeds)).toEqual([2, 2, 2]);
  });

  it('writes the JSON and the Markdown tables', () => {
    expect(JSON.parse(readFileSync(outcome.jsonPath, 'utf8'))).toEqual(JSON.parse(JSON.stringify(outcome.results)));
    const markdown = readFileSync(outcome.markdownPath, 'utf8');
    for (const s of STRATEGIES) {
      // Two seeds give wide t-intervals, which may reach past 0 or 1.
      expect(markdown).toMatch(new RegExp(`^\\| ${s} \\| 1 \\| 0\\.\\d{3} \\[-?\\d\\.\\d{3}, -?\\d\\.\\d{3}\\]`, 'm'));
      expect(markdown).toMatch(new RegExp(`^\\| 4 \\| ${s} \\| 1 \\| 6 \\| 0\\.\\d{3} \\|`, 'm'));
    }
    expect(markdown).toMatch(/^\| random \| [+−]0\.\d{3} \[/m);
    expect(markdown).toMatch(/MAD competition between the final models/);
  });

  it('refuses a folder that is not empty', async () => {
    await expect(runMadVsBaselines(out, { rounds: 1, budget: 6 }, ctx, () => undefined)).rejects.toThrow(FaultlineError);
  });
});
