import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { buildDemoWorld } from '../../../models/demo/buildDemoWorld.js';
import { DemoWorldManifest } from '../../../models/demo/demoWorldManifest.js';
import { worldPaths } from '../../../models/demo/worldLayout.js';
import { FaultlineError } from '../../../shared/contract/errors.js';
import { evaluateModels } from '../evaluation/evaluateModels.js';
import { importImages } from '../images/importImages.js';
import { resolveImportRequest } from '../images/importRequest.js';
import { runInference } from '../inference/runInference.js';
import type { JobContext } from '../jobs/jobRunner.js';
import { createProjectDb } from '../store/openProjectDb.js';
import { hasProjectDb } from '../store/projectFiles.js';
import { probeInWorker } from '../inference/probeInWorker.js';
import { addModel } from '../models/modelRegistry.js';
import { countAllImages } from '../store/images.js';
import { modelIdentities } from '../store/models.js';
import { setMetaValue } from '../store/projectStats.js';
import { ORACLE_META_KEY, oracleMetaValue } from './demoOracle.js';
import { oraclePoolMetrics } from './oracleScores.js';

export interface DemoOptions {
  seed?: number;
  /** Where the simulation oracle goes; default: a sibling folder `<project>-oracle`. */
  oracleDir?: string;
  /** Smaller worlds for tests. */
  sizes?: { train: number; test: number; pool: number };
}

export interface DemoOutcome {
  projectDir: string;
  oracleDir: string;
  images: number;
  models: Array<{ name: string; isTarget: boolean; testMiou: number; poolMiou: number }>;
  seconds: Record<string, number>;
}

const STAGES = ['world', 'import', 'models', 'inference', 'evaluation'] as const;

/**
 * Builds the demo project: generates the world (scenes, masks, models fitted on S0), imports
 * S0, T0 and the pool, registers the four models with the default target, predicts every image
 * with every model through the normal inference pipeline, scores them on T0, and scores their
 * stored pool predictions against the oracle for the manifest kept with it. The generated
 * files are built beside the project and removed; only the oracle is kept (outside the project).
 * A failed or cancelled build leaves no project behind.
 */
export async function createDemoProject(dir: string, options: DemoOptions = {}, ctx?: JobContext): Promise<DemoOutcome> {
  const projectDir = resolve(dir);
  const oracleDir = resolve(options.oracleDir ?? `${projectDir}-oracle`);
  if (hasProjectDb(projectDir)) throw new FaultlineError('project_exists', `There is already a project in ${projectDir}.`);
  if (existsSync(oracleDir)) throw new FaultlineError('invalid_input', `${oracleDir} already exists; choose another place for the demo oracle.`);
  const world = join(dirname(projectDir), `.${basename(projectDir)}.world-${process.pid}`);
  const seconds: Record<string, number> = {};
  let stageStart = performance.now();
  const stage = (name: (typeof STAGES)[number], done: number, total: number | null, message: string): void => {
    ctx?.progress(done, total, `${STAGES.indexOf(name) + 1}/${STAGES.length} ${message}`);
  };
  const endStage = (name: string): void => {
    const now = performance.now();
    seconds[name] = Math.round(now - stageStart) / 1000;
    stageStart = now;
  };
  let created = false;
  try {
    rmSync(world, { recursive: true, force: true });
    const manifest = await buildDemoWorld(world, {
      seed: options.seed ?? 1,
      ...(options.sizes ? { trainSize: options.sizes.train, testSize: options.sizes.test, poolSize: options.sizes.pool } : {}),
      // The inference stage predicts every pool image anyway; the pool is scored from those predictions.
      scorePool: false,
      onProgress: (name, done, total) => stage('world', done, total, `Generating the demo world (${name})`),
      ...(ctx ? { signal: ctx.signal } : {}),
    });
    endStage('world');
    ctx?.throwIfCancelled();

    const project = createProjectDb(projectDir, 'Demo project');
    created = true;
    try {
      const { db } = project;
      setMetaValue(db, 'is_demo', '1');
      setMetaValue(db, 'demo_seed', String(manifest.seed));
      const importCtx: JobContext = ctx ?? { signal: new AbortController().signal, progress: () => undefined, throwIfCancelled: () => undefined };
      for (const split of ['train', 'test', 'pool'] as const) {
        const request = resolveImportRequest(projectDir, {
          folder: join(world, 'images', split),
          split,
          ...(split === 'pool' ? {} : { masksFolder: join(world, 'masks', split) }),
        });
        await importImages(project, request, {
          ...importCtx,
          progress: (done, total) => stage('import', done, total, `Importing the ${split} images`),
        });
      }
      endStage('import');

      for (const m of manifest.models) {
        ctx?.throwIfCancelled();
        stage('models', 0, null, `Registering ${m.name}`);
        await addModel(project, { onnxPath: join(world, worldPaths.model(m.name)), cardPath: join(world, worldPaths.card(m.name)), target: m.name === manifest.targetModel }, probeInWorker);
      }
      endStage('models');

      await runInference(
        project,
        { provider: 'auto', storeProbs: false, retryFailed: false },
        { ...(ctx ? { signal: ctx.signal } : {}), onProgress: (p) => stage('inference', p.done, p.total, 'Predicting every image with every model') },
      );
      endStage('inference');

      await evaluateModels(db, ctx);
      mkdirSync(oracleDir, { recursive: true });
      renameSync(join(world, 'oracle'), join(oracleDir, 'oracle'));
      setMetaValue(db, ORACLE_META_KEY, oracleMetaValue(projectDir, oracleDir));
      stage('evaluation', 0, null, 'Scoring every model on the pool with the oracle');
      const modelIds = new Map(modelIdentities(db).map((m) => [m.name, m.id]));
      const poolScores = await oraclePoolMetrics(db, projectDir, [...modelIds.values()]);
      const scored = DemoWorldManifest.parse({ ...manifest, models: manifest.models.map((m) => ({ ...m, pool: poolScores.get(modelIds.get(m.name)!) ?? null })) });
      writeFileSync(join(oracleDir, worldPaths.manifest), `${JSON.stringify(scored, null, 1)}\n`);
      endStage('evaluation');
      const images = countAllImages(db);
      return {
        projectDir,
        oracleDir,
        images,
        models: scored.models.map((m) => ({ name: m.name, isTarget: m.isTarget, testMiou: m.test.meanIoU, poolMiou: m.pool?.meanIoU ?? 0 })),
        seconds,
      };
    } finally {
      project.close();
    }
  } catch (error) {
    if (created) rmSync(projectDir, { recursive: true, force: true });
    rmSync(oracleDir, { recursive: true, force: true });
    throw error;
  } finally {
    rmSync(world, { recursive: true, force: true });
  }
}
