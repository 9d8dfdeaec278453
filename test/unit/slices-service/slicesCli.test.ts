import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SliceReport } from '../../../shared/contract/methods/sliceMethods.js';
import { runCli } from '../../helpers/runCliProcess.js';
import { seedSliceWorld } from '../../helpers/seedSliceWorld.js';
import { makeTempDir } from '../../helpers/tempDir.js';

/** The built CLI (`npm run build` first) on a small demo world with night scenes planted. */
describe('faultline slices', () => {
  const temp = makeTempDir();
  const dir = `${temp.dir}/p`;

  beforeAll(async () => {
    const world = await seedSliceWorld(dir, { train: 24, plain: 60, night: 60, poolPlain: 0, poolNight: 0 });
    world.project.close();
  });
  afterAll(() => temp.cleanup());

  it('prints the report as JSON that matches the contract, night slice first', () => {
    const result = runCli(['slices', dir, '--population', 'labelled', '--miou-below', '0.3', '--json']);
    expect(result.status, result.stderr).toBe(0);
    const report = SliceReport.parse(JSON.parse(result.stdout));
    expect(report.population).toMatchObject({ kind: 'labelled', threshold: 0.3, images: 120 });
    expect(report.structure.present).toBe(true);
    expect(report.slices[0]!.description).toMatch(/^darker/);
    expect(report.slices[0]!.test.confirmed).toBe(true);
  });

  it('prints a readable table with the confirmed slice first', () => {
    const result = runCli(['slices', dir, '--population', 'labelled', '--miou-below', '0.3']);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^Slice run 2 of model 1: 120 images, \d+ failed\./);
    expect(result.stdout).toMatch(/\n1 +yes +\d+\/\d+ \d+ % \[\d+ %, \d+ %\]/);
    expect(result.stdout).toContain('darker (brightness');
  });

  it('refuses an impossible population with one line and exit code 2', () => {
    const result = runCli(['slices', dir, '--population', 'pool']);
    expect(result.status).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/^faultline: Failure on pool images is disagreement with competing models/);
    expect(runCli(['slices', dir, '--failure-share', '0.9']).stderr).toMatch(/^faultline: Bad slice settings: /);
  });
});
