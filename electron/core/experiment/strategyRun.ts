import { performance } from 'node:perf_hooks';
import { FaultlineError } from '../../../shared/contract/errors.js';
import { MiningParams, type SelectionStrategy } from '../../../shared/mining/miningParams.js';
import { mulberry32 } from '../../../shared/mining/prng.js';
import { evaluateModels } from '../evaluation/evaluateModels.js';
import { leaderboard } from '../evaluation/leaderboard.js';
import { planFinetune, runFinetune, targetModel } from '../finetune/runFinetune.js';
import { runInference } from '../inference/runInference.js';
import type { JobContext } from '../jobs/jobRunner.js';
import { sendToRating } from '../mining/candidateSetStore.js';
import { resolveMiningModels } from '../mining/resolveMiningModels.js';
import { runMining } from '../mining/runMining.js';
import type { Db, ProjectDb } from '../store/openProjectDb.js';
import { confirmCounterexamples } from '../rating/counterexamples.js';
import { ROUND_STATES, setRoundState } from '../rounds/roundState.js';
import { buildUnbiasedTestSet } from '../rounds/unbiasedTestSet.js';
import { evaluationMiou, userTestSetMiou } from '../store/evaluations.js';
import { imagesInTestSets, testSetImageIds } from '../store/testSets.js';
import { roundState } from '../store/rounds.js';
import type { RoundResult, StrategyResult } from './experimentResults.js';
import type { OracleSimulation } from './oracleSimulation.js';

export interface StrategySettings {
  strategy: SelectionStrategy;
  rounds: number;
  budget: number;
  testSize: number;
  seed: number;
  raterNoise: number;
  trainable: 'head' | 'tail';
}

/** One strategy's run before the cross-strategy scores: what each round produced, and which images it labelled. */
export interface StrategyRun extends Omit<StrategyResult, 'initial' | 'rounds'> {
  initial: { modelId: number; version: string; t0: number | null };
  rounds: Array<Omit<RoundResult, 'unionT' | 'heldOutPool'>>;
  testImages: number[];
  labelledImages: number[];
}

/** Pool images already in some S(j) or T(j): raters never see them again, so every round labels new images. */
function labelledPoolImages(db: Db): Set<number> {
  return new Set(imagesInTestSets(db, ['counterexamples', 'unbiased']));
}

/** Walks a round through its remaining stages: the experiment does every stage, so each step is allowed. */
function finishRound(db: Db, roundId: number): void {
  const current = roundState(db, roundId)!;
  for (const state of ROUND_STATES.slice(ROUND_STATES.indexOf(current) + 1)) setRoundState(db, roundId, state);
}

/**
 * Runs the loop of spec §6 for one selection strategy at a fixed labelling budget: mine, let the
 * simulated raters score the candidates, confirm the n4 worst as S(i), label them from the oracle,
 * fine-tune the target's tail (or head) on S0 ∪ S with the learning rate chosen on T0, predict with the new version, draw T(i+1) from a MAD set
 * of the new target, label it from the oracle, evaluate. A baseline mines n4 new images, so its
 * raters only order them: every strategy densely labels the same number of images per round.
 */
export async function runStrategy(project: ProjectDb, sim: OracleSimulation, settings: StrategySettings, ctx: JobContext, log: (message: string) => void): Promise<StrategyRun> {
  const started = performance.now();
  const { db } = project;
  const { strategy, budget } = settings;
  const uniform = mulberry32(settings.seed);
  const first = targetModel(db);
  if (!first) throw new FaultlineError('invalid_input', 'The demo project has no target model to run the experiment with.');
  const initial = { modelId: first.id, version: first.version, t0: userTestSetMiou(db, first.id) };
  const rounds: StrategyRun['rounds'] = [];
  const testImages = new Set<number>();
  let nextMadSet: number | null = null;

  for (let round = 1; round <= settings.rounds; round++) {
    const roundStart = performance.now();
    const step = (message: string): void => {
      ctx.throwIfCancelled();
      log(`[${strategy} round ${round}/${settings.rounds}] ${message}`);
    };
    const parent = targetModel(db)!;
    const labelled = labelledPoolImages(db);
    step(`mining with ${strategy}`);
    let setId: number;
    if (strategy === 'mad' && nextMadSet !== null) {
      setId = nextMadSet;
    } else {
      const params = MiningParams.parse({ strategy, seed: settings.seed + round, ...(strategy === 'mad' ? {} : { budget: budget + labelled.size }) });
      setId = (await runMining(db, { ...resolveMiningModels(db), params }, ctx)).setId;
    }
    const roundId = sendToRating(db, setId);
    step('simulated raters scoring the candidates');
    const candidates = await sim.rateSet(setId, parent.id, {
      noise: settings.raterNoise,
      uniform,
      skip: labelled,
      ...(strategy === 'mad' ? {} : { limit: budget }),
    });
    const counterexamples = confirmCounterexamples(db, setId, budget);
    step(`labelling S (${counterexamples.images} images) from the oracle`);
    await sim.labelImages(testSetImageIds(db, counterexamples.testSetId));

    step(`fine-tuning the ${settings.trainable} on S0 ∪ S`);
    // A version worse on T0 is kept (and counted): the experiment measures what fine-tuning does, as a user who always confirms.
    const finetuned = await runFinetune(project, planFinetune(db, { seed: settings.seed, trainable: settings.trainable, acceptWorse: true }), ctx);
    step(`predicting every image with ${finetuned.name} ${finetuned.version}`);
    await runInference(project, { provider: 'auto', storeProbs: false, retryFailed: false, modelIds: [finetuned.modelId] }, { signal: ctx.signal });

    step('drawing the unbiased test set from a MAD set of the new target');
    const madSet = await runMining(db, { ...resolveMiningModels(db), params: MiningParams.parse({ strategy: 'mad', seed: settings.seed + round }) }, ctx);
    nextMadSet = madSet.setId;
    const testSet = buildUnbiasedTestSet(db, { setId: madSet.setId, size: settings.testSize, maxPerClass: Math.max(4, Math.ceil(settings.testSize / 3)), backgroundClassId: 0 });
    const tImages = testSetImageIds(db, testSet.testSetId);
    for (const id of tImages) testImages.add(id);
    await sim.labelImages(tImages);
    step('evaluating');
    await evaluateModels(db, ctx);
    finishRound(db, roundId);
    rounds.push({
      round,
      modelId: finetuned.modelId,
      version: finetuned.version,
      candidates,
      counterexamples: counterexamples.images,
      testSet: { name: testSet.name, images: testSet.images },
      t0: userTestSetMiou(db, finetuned.modelId),
      finetune: {
        trainable: settings.trainable,
        learningRate: finetuned.chosenLearningRate ?? null,
        validation: finetuned.validation ? { parent: finetuned.validation.parentMiou, after: finetuned.validation.miou, worse: finetuned.validation.worse } : null,
      },
      ownT: { before: evaluationMiou(db, parent.id, testSet.testSetId), after: evaluationMiou(db, finetuned.modelId, testSet.testSetId) },
      seconds: Math.round(performance.now() - roundStart) / 1000,
    });
  }

  const board = leaderboard(db);
  const names = new Map(board.models.map((m) => [m.id, `${m.name} ${m.version}`]));
  const scores = new Map(board.ranking?.scores.map((s) => [s.modelId, s.score]) ?? []);
  return {
    strategy,
    initial,
    rounds,
    ranking: (board.ranking?.order ?? []).map((id) => ({ model: names.get(id) ?? String(id), score: scores.get(id) ?? 0 })),
    rankingConverged: board.ranking?.converged ?? null,
    stability: board.stability,
    testImages: [...testImages].sort((a, b) => a - b),
    labelledImages: [...labelledPoolImages(db)].sort((a, b) => a - b),
    seconds: Math.round(performance.now() - started) / 1000,
  };
}
