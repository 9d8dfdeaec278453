import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Command } from 'commander';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { parseScoreLabelsFlags } from '../../../electron/cli/actions/scoreLabels.js';
import { registerScoreLabels } from '../../../electron/cli/commands/scoreLabels.js';
import { scoreLabelsFiles, type ScoreLabelsReport } from '../../../electron/core/index.js';
import { readNpy, writeNpy } from '../../../electron/core/quality/npy.js';
import { loadFixture } from './labelQualityFixtures.js';

const dir = mkdtempSync(path.join(tmpdir(), 'faultline-score-labels-'));
const fx = loadFixture('tiny-nonsquare');
const labelsPath = path.join(dir, 'labels.npy');
const probsPath = path.join(dir, 'probs.npy');
writeNpy(labelsPath, { dtype: 'u1', shape: [fx.N, fx.H, fx.W], data: fx.labels });
writeNpy(probsPath, { dtype: 'f4', shape: [fx.N, fx.K, fx.H, fx.W], data: fx.probs });
const file = (name: string): string => path.join(dir, name);
const readReport = (name: string): ScoreLabelsReport => JSON.parse(readFileSync(file(name), 'utf8')) as ScoreLabelsReport;

afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(() => vi.restoreAllMocks());

/** Runs the command through its own commander program, as runCli would, capturing what it prints. */
async function runCommand(args: string[]): Promise<{ stdout: string }> {
  const program = new Command().exitOverride();
  registerScoreLabels(program);
  let stdout = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    stdout += String(chunk);
    return true;
  });
  await program.parseAsync(['node', 'faultline', 'score-labels', ...args]);
  return { stdout };
}

describe('faultline score-labels', () => {
  it('writes RESULT.json with the reference values and ISSUES.npy with the reference mask', async () => {
    const { stdout } = await runCommand(['--labels', labelsPath, '--pred-probs', probsPath, '--out', file('r.json'), '--issues-out', file('i.npy')]);
    expect(stdout).toContain(`scored 8 images: ${fx.expected.num_issues_estimate} estimated label issues`);
    const report = readReport('r.json');
    expect(report.inputs).toMatchObject({ N: 8, K: 4, H: 24, W: 40 });
    expect(report.options).toEqual({ method: 'softmin', temperature: 0.1, downsample: 1, label_mode: 'majority', ignore_index: null, batch_size: 8, workers: 1 });
    report.image_scores.forEach((s, n) => expect(Math.abs(s - fx.expected['image_scores_softmin_t0.1'][n]!)).toBeLessThan(1e-9));
    report.confident_thresholds.forEach((t, k) => expect(Math.abs(t - fx.expected.confident_thresholds[k]!)).toBeLessThan(1e-6));
    expect(report.num_issues_estimate).toBe(fx.expected.num_issues_estimate);
    expect(report.issues_per_image).toEqual(fx.expected.issues_per_image);
    expect(report.common_label_issues).toEqual(fx.expected.common_label_issues);
    const mask = readNpy(file('i.npy'));
    expect(mask.dtype).toBe('b1');
    expect(mask.shape).toEqual([8, 24, 40]);
    expect(Buffer.from(mask.data as Uint8Array).equals(Buffer.from(fx.issues))).toBe(true);
  });

  it('scores images by the share of flagged pixels with --method num_pixel_issues, whatever the batch size', async () => {
    await runCommand(['--labels', labelsPath, '--pred-probs', probsPath, '--out', file('n.json'), '--method', 'num_pixel_issues', '--batch-size', '3']);
    const report = readReport('n.json');
    expect(report.image_scores).toEqual(fx.expected.image_scores_num_pixel_issues);
    expect(report.options.batch_size).toBe(3);
  });

  it('takes the temperature, downsampling, label mode and ignore index it is given', async () => {
    const report = await scoreLabelsFiles({
      labels: labelsPath,
      predProbs: probsPath,
      out: file('d.json'),
      temperature: 1,
      downsample: 4,
      labelMode: 'compatible-mean',
      ignoreIndex: 255,
    });
    report.image_scores.forEach((s, n) => expect(Math.abs(s - fx.expected['image_scores_softmin_t1.0'][n]!)).toBeLessThan(1e-9));
    expect(report.options).toMatchObject({ downsample: 4, label_mode: 'compatible-mean', ignore_index: 255 });
    expect(readReport('d.json').num_issues_estimate).toBe(report.num_issues_estimate);
  });

  it.each([
    [['--method', 'entropy'], '--method must be one of softmin, num_pixel_issues (got entropy)'],
    [['--downsample', '0'], '--downsample must be at least 1 (got 0)'],
    [['--batch-size', 'many'], '--batch-size must be a whole number (got many)'],
    [['--temperature', '-1'], '--temperature must be greater than 0 (got -1)'],
    [['--label-mode', 'mode'], '--label-mode must be one of majority, compatible-mean (got mode)'],
  ])('rejects bad flags %j with one clear sentence', async (extra, message) => {
    await expect(runCommand(['--labels', labelsPath, '--pred-probs', probsPath, '--out', file('x.json'), ...extra])).rejects.toMatchObject({
      code: 'invalid_input',
      message,
    });
  });

  it('rejects mismatched files and a downsample that does not divide the image', async () => {
    await expect(scoreLabelsFiles({ labels: probsPath, predProbs: probsPath, out: file('x.json') })).rejects.toThrow('labels must have a shape of (N, H, W)');
    await expect(scoreLabelsFiles({ labels: labelsPath, predProbs: probsPath, out: file('x.json'), downsample: 7 })).rejects.toThrow(
      'Height 24 and width 40 not divisible by downsample value of 7',
    );
  });

  it('converts flags from strings and leaves defaults to the scorer', () => {
    expect(parseScoreLabelsFlags({ labels: 'a', predProbs: 'b', out: 'c', workers: '2', ignoreIndex: '-1' })).toEqual({
      labels: 'a',
      predProbs: 'b',
      out: 'c',
      method: 'softmin',
      labelMode: 'majority',
      workers: 2,
      ignoreIndex: -1,
    });
  });
});

const cli = await import('../../../electron/cli/main.js').catch(() => null);

describe.skipIf(cli === null)('faultline score-labels through runCli', () => {
  it('exits 0 on good input and 2 with one line on stderr for a bad label file', async () => {
    let stderr = '';
    vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
      stderr += String(chunk);
      return true;
    });
    const ok = await cli!.runCli(['node', 'faultline', 'score-labels', '--labels', labelsPath, '--pred-probs', probsPath, '--out', file('cli.json')]);
    expect(ok).toBe(0);
    expect(readReport('cli.json').num_issues_estimate).toBe(fx.expected.num_issues_estimate);
    const bad = await cli!.runCli(['node', 'faultline', 'score-labels', '--labels', file('missing.npy'), '--pred-probs', probsPath, '--out', file('cli2.json')]);
    expect(bad).toBe(2);
    expect(stderr).toMatch(/^faultline: cannot open .*missing\.npy: ENOENT\n$/);
  });
});

describe.skipIf(cli === null)('faultline score-labels on probabilities that are not distributions', () => {
  const broken = (name: string, edit: (probs: Float32Array) => void): string => {
    const probs = fx.probs.slice();
    edit(probs);
    writeNpy(file(name), { dtype: 'f4', shape: [fx.N, fx.K, fx.H, fx.W], data: probs });
    return file(name);
  };
  const pixels = fx.H * fx.W;

  it('refuses NaN, infinite, negative and unnormalised pixels with one line naming the count and the first, exit 2', async () => {
    const cases: Array<[string, (p: Float32Array) => void, RegExp]> = [
      ['nan.npy', (p) => (p[2 * fx.K * pixels + 7] = NaN), /1 pixel in images 0–7 .*first: image 2, pixel 7, with a value that is not finite/],
      ['inf.npy', (p) => (p[pixels + 3] = Infinity), /first: image 0, pixel 3, with a value that is not finite/],
      ['negative.npy', (p) => (p[5] = -0.25), /first: image 0, pixel 5, with a negative value/],
      ['scaled.npy', (p) => p.forEach((v, i) => (p[i] = v * 1.1)), new RegExp(`${fx.N * pixels} pixels in images 0–7 .*values summing to 1\\.10000`)],
    ];
    for (const [name, edit, message] of cases) {
      let stderr = '';
      vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
      vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
        stderr += String(chunk);
        return true;
      });
      const code = await cli!.runCli(['node', 'faultline', 'score-labels', '--labels', labelsPath, '--pred-probs', broken(name, edit), '--out', file(`${name}.json`)]);
      expect(code, name).toBe(2);
      expect(stderr.split('\n').filter(Boolean), name).toHaveLength(1);
      expect(stderr, name).toMatch(message);
      vi.restoreAllMocks();
    }
  });

  it('with --renormalise rescales pixels that only miss the sum and scores them as the normalised file', async () => {
    vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    const scaled = broken('scaled-ok.npy', (p) => p.forEach((v, i) => (p[i] = v * 1.1)));
    const code = await cli!.runCli(['node', 'faultline', 'score-labels', '--labels', labelsPath, '--pred-probs', scaled, '--out', file('renormalised.json'), '--renormalise']);
    expect(code).toBe(0);
    expect(readReport('renormalised.json').num_issues_estimate).toBe(fx.expected.num_issues_estimate);
  });
});
