import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SliceReport } from '../../../shared/contract/methods/sliceMethods.js';
import { runCli } from '../../helpers/runCliProcess.js';
import { seedSliceWorld } from '../../helpers/seedSliceWorld.js';
import { makeTempDir } from '../../helpers/tempDir.js';
import { writeTinyCaptioner, writeTinyClip } from '../../helpers/tinyTransformersModels.js';

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

  it('checks a slice on generated images from the CLI, and --show prints the run with the check', () => {
    const check = runCli(['slice-check', dir, '1', '--by', 'generator', '--count', '5']);
    expect(check.status, check.stderr).toBe(0);
    expect(check.stdout).toMatch(/^Fresh check \d+ of slice 1 \(run 2\), Demo world scenes\ndemo street scenes with night; failure: image mIoU below 0\.300 \(the run's τ\): \d+\/5 failed in the slice vs \d+\/5 outside/);
    const shown = runCli(['slices', dir, '--show']);
    expect(shown.status, shown.stderr).toBe(0);
    expect(shown.stdout).toMatch(/^Slice run 2 of model 1/);
    expect(shown.stdout).toMatch(/\n {6}fresh check \d+ \(Demo world scenes\): demo street scenes with night/);
    expect(runCli(['slice-check', dir, '1', '--by', 'text']).stderr).toBe('faultline: --query goes with --by text, and --by text needs a --query.\n');
    expect(runCli(['slice-check', dir, '1', '--by', 'text', '--query', 'night']).stderr).toMatch(/^faultline: Run 2 was not embedded with a CLIP-like encoder that has a text model/);
    expect(runCli(['slice-check', dir, '9']).stderr).toMatch(/^faultline: Slice 9 is not part of run 2\./);
  }, 60_000);

  it('lists the vision model folders, embeds with the encoder and prints the captions line', () => {
    expect(runCli(['models', 'vision', dir]).stdout).toMatch(/^No model folders in .*models; copy a CLIP-like encoder/);
    writeTinyClip(join(dir, 'models', 'tiny-clip'), { text: false });
    writeTinyCaptioner(join(dir, 'models', 'tiny-captioner'));
    mkdirSync(join(dir, 'models', 'weights-only', 'onnx'), { recursive: true });
    const listed = runCli(['models', 'vision', dir]);
    expect(listed.stdout).toBe(
      [
        'tiny-captioner  captioner (vision-encoder-decoder)  fp32',
        'tiny-clip  image encoder (clip, images only)  fp32',
        'weights-only  unknown  — cannot be used: no config.json: copy the whole model folder, not only its onnx/ files',
        '',
      ].join('\n'),
    );
    expect(JSON.parse(runCli(['models', 'vision', dir, '--json']).stdout)).toHaveLength(3);
    const result = runCli(['slices', dir, '--population', 'labelled', '--miou-below', '0.3'], { env: { ...process.env, FAULTLINE_HOME: join(temp.dir, 'home') } });
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toContain('on models/tiny-clip embeddings (12 → 12 dimensions)');
    expect(result.stdout).toMatch(/\nCaptions by models\/tiny-captioner, contrasted with \d+ captions of images outside every slice\./);
    expect(runCli(['slices', dir, '--embedding', 'tiny-captioner']).stderr).toMatch(/^faultline: models\/tiny-captioner is not an image encoder but a captioner\.\n$/);
  }, 60_000);
});
