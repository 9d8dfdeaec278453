import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/runCliProcess.js';
import { seedErrorsProject } from '../../helpers/seedErrorsProject.js';
import { makeTempDir } from '../../helpers/tempDir.js';

/** Runs the built CLI (`npm run build` first). */
describe('faultline errors', () => {
  let temp: ReturnType<typeof makeTempDir>;
  let dir: string;
  let ids: Awaited<ReturnType<typeof seedErrorsProject>>;

  beforeAll(async () => {
    temp = makeTempDir();
    dir = join(temp.dir, 'p');
    ids = await seedErrorsProject(dir, 4);
  });
  afterAll(() => temp.cleanup());

  it('classifies one model on one set and prints its runs as JSON', () => {
    const result = runCli(['errors', dir, '--model', String(ids.baseId), '--set', 'T0', '--json']);
    expect(result.stderr).not.toMatch(/faultline:/);
    expect(result.status).toBe(0);
    const out = JSON.parse(result.stdout) as { runs: Array<{ modelId: number; setName: string; images: number; totals: Record<string, { regions: number; pixels: number }> }> };
    expect(out.runs).toHaveLength(1);
    expect(out.runs[0]).toMatchObject({ modelId: ids.baseId, setName: 'T0', images: 4 });
    expect(out.runs[0]!.totals.fine_grained).toEqual({ regions: 2, pixels: 120 });
    expect(out.runs[0]!.totals.missed).toEqual({ regions: 2, pixels: 120 });
  });

  it('prints a table per run with the shares of model errors and why rule 1 could not fire', () => {
    const result = runCli(['errors', dir, '--set', 'T0']);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/base 1 on T0: 4 images classified/);
    expect(result.stdout).toMatch(/tuned 2 on T0: 4 images classified/);
    expect(result.stdout).toMatch(/Fine-grained confusion\s+2\s+120\s+39\.5 %\s+25\.0 %/);
    expect(result.stdout).toMatch(/Rule 1 \(suspected label error\) could not fire/);
  });

  it('refuses an unknown set with one line and exit code 2', () => {
    const result = runCli(['errors', dir, '--set', 'T9']);
    expect(result.status).toBe(2);
    expect(result.stderr.trim()).toBe('faultline: There is no labelled set named "T9" (the labelled sets are: S0, T0).');
  });
});
