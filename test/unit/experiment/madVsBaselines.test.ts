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

describe('MAD against baselines on a tiny demo world (1 round, budget 6)', () => {
  const temp = makeTempDir();
  const out = join(temp.dir, 'experiment');
  const log: string[] = [];
  let outcome: ExperimentOutcome;

  beforeAll(async () => {
    outcome = await runMadVsBaselines(out, { rounds: 1, budget: 6, seed: 3, worldSizes: { train: 24, test: 8, pool: 48 } }, ctx, (m) => log.push(m));
  });
  afterAll(() => temp.cleanup());

  it('runs every strategy through one round at the same labelling budget', () => {
    const { strategies, settings } = outcome.results;
    expect(strategies.map((s) => s.strategy)).toEqual(STRATEGIES);
    expect(settings).toMatchObject({ rounds: 1, budget: 6, testSize: 6, raters: 3, raterNoise: 0.5 });
    for (const s of strategies) {
      expect(s.rounds).toHaveLength(1);
      expect(s.rounds[0]!.counterexamples).toBe(6);
      expect(s.rounds[0]!.version).toBe(`${s.initial.version}+ft1`);
      expect(s.rounds[0]!.testSet.images).toBeGreaterThan(0);
    }
    // Baselines are rated on exactly the n4 images they mined; MAD's raters see its whole set and pick the worst.
    for (const s of strategies.filter((x) => x.strategy !== 'mad')) expect(s.rounds[0]!.candidates).toBe(6);
    expect(strategies[0]!.rounds[0]!.candidates).toBeGreaterThanOrEqual(6);
    expect(log.some((m) => m.startsWith('[random round 1/1] fine-tuning'))).toBe(true);
  });

  it('registers a fine-tuned target in each project, labels S and T from the oracle, and evaluates it', () => {
    for (const s of outcome.results.strategies) {
      const project = openProjectDb(join(out, s.strategy), { readOnly: true });
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

  it('scores every version on the shared images and reports each final leaderboard', () => {
    const { strategies, union } = outcome.results;
    expect(union.testImages).toBeGreaterThan(0);
    expect(union.heldOutPoolImages).toBeGreaterThan(0);
    expect(union.heldOutPoolImages).toBeLessThanOrEqual(48 - 6);
    // Every project starts from the same copy of the demo, so the untouched target scores the same everywhere.
    expect(new Set(strategies.map((s) => s.initial.unionT)).size).toBe(1);
    expect(new Set(strategies.map((s) => s.initial.t0)).size).toBe(1);
    for (const s of strategies) {
      for (const v of [s.initial.t0, s.initial.unionT, s.initial.heldOutPool, s.rounds[0]!.t0, s.rounds[0]!.unionT, s.rounds[0]!.heldOutPool, s.rounds[0]!.ownT.after]) {
        expect(v).toBeGreaterThan(0);
        expect(v).toBeLessThanOrEqual(1);
      }
      expect(s.ranking).toHaveLength(5);
      expect(s.ranking.map((r) => r.model)).toContain(`context-pyramid ${s.rounds[0]!.version}`);
      expect(s.stability.length).toBeGreaterThan(0);
    }
  });

  it('writes the JSON and the Markdown tables', () => {
    expect(JSON.parse(readFileSync(outcome.jsonPath, 'utf8'))).toEqual(JSON.parse(JSON.stringify(outcome.results)));
    const markdown = readFileSync(outcome.markdownPath, 'utf8');
    for (const s of STRATEGIES) {
      expect(markdown).toMatch(new RegExp(`^\\| ${s} \\| 1 \\| 1\\.0\\.0\\+ft1 \\| 6 \\| 0\\.\\d{3} \\|`, 'm'));
      expect(markdown).toMatch(new RegExp(`^\\| ${s} \\| context-pyramid`, 'm'));
    }
  });

  it('refuses a folder that is not empty', async () => {
    await expect(runMadVsBaselines(out, { rounds: 1, budget: 6 }, ctx, () => undefined)).rejects.toThrow(FaultlineError);
  });
});
