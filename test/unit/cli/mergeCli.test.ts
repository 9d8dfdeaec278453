import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MergeSummary } from '../../../shared/contract/domain.js';
import { runCli } from '../../helpers/runCliProcess.js';
import { seedMergeCopies } from '../../helpers/seedMergeCopies.js';
import { makeTempDir } from '../../helpers/tempDir.js';

describe('faultline merge', () => {
  const temp = makeTempDir('faultline-merge-cli-');
  let copies: { a: string; b: string };
  beforeAll(async () => {
    copies = await seedMergeCopies(temp.dir);
  });
  afterAll(() => temp.cleanup());

  it('prints what a dry run would change, then merges exactly that, then finds nothing left to merge', () => {
    const dry = runCli(['merge', copies.a, copies.b, '--dry-run']);
    expect(dry.status, dry.stderr).toBe(0);
    expect(dry.stdout).toMatch(/^Dry run: merging .* would change this \(nothing was changed\):/);
    expect(dry.stdout).toMatch(/Ratings\s+2 added\s+1 updated/);
    expect(dry.stdout).toMatch(/1 image had new versions in both copies; the newest version of each would await review/);

    const real = runCli(['merge', copies.a, copies.b, '--json']);
    expect(real.status, real.stderr).toBe(0);
    const summary = MergeSummary.parse(JSON.parse(real.stdout));
    expect(summary.counts.ratings).toEqual({ added: 2, updated: 1 });
    expect(summary.dryRun).toBe(false);

    const again = runCli(['merge', copies.a, copies.b]);
    expect(again.status, again.stderr).toBe(0);
    expect(again.stdout).toMatch(/This project already holds everything in .*; nothing changed\./);
  });

  it('refuses a folder that is no project with one clear line', () => {
    const result = runCli(['merge', copies.a, join(temp.dir, 'nowhere')]);
    expect(result.status).not.toBe(0);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/^faultline: Cannot merge .*nowhere: There is no folder/);
  });
});
