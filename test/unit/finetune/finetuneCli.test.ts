import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FinetuneRun } from '../../../shared/contract/methods/finetuneMethods.js';
import { runCli } from '../../helpers/runCliProcess.js';
import { seedFinetuneProject } from '../../helpers/seedFinetuneProject.js';
import { makeTempDir } from '../../helpers/tempDir.js';

describe('faultline finetune (built CLI)', () => {
  const temp = makeTempDir();
  const dir = join(temp.dir, 'p');

  beforeAll(async () => {
    const world = await seedFinetuneProject(dir, { train: 4, hard: 2 });
    world.project.close();
  });
  afterAll(() => temp.cleanup());

  it('fine-tunes the target and prints the record as JSON', () => {
    const result = runCli(['finetune', dir, '--iterations', '40', '--lr', '0.1', '--batch', '32', '--seed', '2', '--accept-worse', '--json']);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const run = FinetuneRun.parse(JSON.parse(result.stdout));
    expect(run).toMatchObject({ parentId: 1, version: '1.0.0+ft1', iterations: 40, learningRate: 0.1, batchSize: 32, seed: 2, images: { old: 3, new: 2 } });
    // Without T0 one of the four S0 images is held out to choose the learning rate on.
    expect(run.validation).toMatchObject({ source: 'held-out S0', images: 1 });
    expect(run.grid!.map((g) => g.learningRate)).toEqual([0.1, 0.5, 1]);
    const models = JSON.parse(runCli(['models', 'list', dir, '--json']).stdout) as Array<{ id: number; version: string; isTarget: boolean }>;
    expect(models.find((m) => m.isTarget)).toMatchObject({ id: run.modelId, version: '1.0.0+ft1' });
  });

  it('fine-tunes a named model and says what it registered', () => {
    const result = runCli(['finetune', dir, '--model', '1', '--iterations', '10', '--trainable', 'head', '--grid', '1,2', '--accept-worse']);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^context-pyramid 1\.0\.0\+ft2 \(fine-tuned from 1\.0\.0, model 1\) is registered as model 3 and is now the target/);
    expect(result.stdout).toMatch(/counterexamples: loss \d+\.\d+, accuracy [\d.]+ % → loss/);
    expect(result.stdout).toMatch(/Refitted the head; learning rate chosen on held-out S0 \(1 images\): 0\.05 → 0\.\d{3} at iteration \d+, 0\.1 → /);
  });

  it('refuses bad settings and a project it cannot fine-tune with one clear line', () => {
    const bad = runCli(['finetune', dir, '--lr', '-1']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/^faultline: --lr: /);
    const part = runCli(['finetune', dir, '--trainable', 'body']);
    expect(part.status).toBe(2);
    expect(part.stderr).toMatch(/^faultline: --trainable: /);
    const empty = join(temp.dir, 'empty');
    expect(runCli(['init', empty]).status).toBe(0);
    const refused = runCli(['finetune', empty]);
    expect(refused.status).toBe(2);
    expect(refused.stderr.trim().split('\n')).toEqual(['faultline: There is no target model to fine-tune; add a model and make it the target in the Models view.']);
  });
});
