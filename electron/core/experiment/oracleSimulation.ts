import type { OracleMask } from '../../../models/demo/oracle.js';
import { FaultlineError } from '../../../shared/contract/errors.js';
import { EvalConfusion, scoresFromConfusion } from '../../../shared/evaluation/segmentationScores.js';
import { maskPayload } from '../annotations/maskCodec.js';
import { submitVersion } from '../annotations/annotationWrites.js';
import { reviewVersion } from '../annotations/reviews.js';
import { projectOracle } from '../demo/demoOracle.js';
import { projectClassCount } from '../mining/projectClasses.js';
import { deflateLabelMap, inflateLabelMapAt, type StoredLabelMap } from '../store/labelMapBlob.js';
import type { Db } from '../store/openProjectDb.js';
import { rate } from '../rating/ratingStore.js';
import { upsertPerson } from '../project/people.js';
import { acceptedAnnotationChecker } from '../store/annotations.js';
import { candidateImageIds } from '../store/candidateSets.js';
import { predictionLabelMapReader } from '../store/predictions.js';
import { gaussian, simulatedScore } from './simulatedRating.js';

export const SIMULATED_RATERS = ['Sim rater 1', 'Sim rater 2', 'Sim rater 3'] as const;
const ANNOTATOR = 'Sim annotator';
const REVIEWER = 'Sim reviewer';
/** What a simulated rating costs, recorded so the leaderboard's cost table has a figure. */
const RATING_MS = 3000;

/**
 * The simulated people of an experiment, all answering from a demo project's oracle: raters who
 * score the target's true quality with noise, an annotator who draws the true mask and a
 * reviewer who accepts it. Masks are read once per image.
 */
export class OracleSimulation {
  private readonly masks = new Map<number, OracleMask>();
  private readonly numClasses: number;
  private readonly prediction: (imageId: number, modelId: number) => StoredLabelMap | undefined;

  private constructor(
    private readonly db: Db,
    private readonly truth: Awaited<ReturnType<typeof projectOracle>>,
  ) {
    this.numClasses = projectClassCount(db);
    this.prediction = predictionLabelMapReader(db);
  }

  static async open(db: Db, projectDir: string): Promise<OracleSimulation> {
    return new OracleSimulation(db, await projectOracle(db, projectDir));
  }

  async mask(imageId: number): Promise<OracleMask> {
    const cached = this.masks.get(imageId);
    if (cached) return cached;
    const key = this.truth.keyOf(imageId);
    if (!key) throw new FaultlineError('not_found', `Image ${imageId} is not known to the demo oracle.`);
    const mask = await this.truth.oracle.mask(key);
    this.masks.set(imageId, mask);
    return mask;
  }

  private async addPrediction(confusion: EvalConfusion, imageId: number, modelId: number): Promise<boolean> {
    const blob = this.prediction(imageId, modelId);
    if (!blob) return false;
    const truth = await this.mask(imageId);
    confusion.add(truth.data, inflateLabelMapAt(blob, truth.width, truth.height, `prediction of image ${imageId}`));
    return true;
  }

  /** The model's true mIoU on each image alone (null: no prediction, or no class to score). */
  async imageMious(modelId: number, imageIds: readonly number[]): Promise<Map<number, number | null>> {
    const result = new Map<number, number | null>();
    for (const imageId of imageIds) {
      const confusion = new EvalConfusion(this.numClasses);
      result.set(imageId, (await this.addPrediction(confusion, imageId, modelId)) ? scoresFromConfusion(confusion).miou : null);
    }
    return result;
  }

  /** The model's true mIoU over a set of images, one confusion matrix summed as evaluateModels does. */
  async setMiou(modelId: number, imageIds: readonly number[]): Promise<number | null> {
    const confusion = new EvalConfusion(this.numClasses);
    let scored = 0;
    for (const imageId of imageIds) if (await this.addPrediction(confusion, imageId, modelId)) scored++;
    return scored === 0 ? null : scoresFromConfusion(confusion).miou;
  }

  /**
   * Every simulated rater scores the set's images (in rank order, those not skipped, at most
   * `limit`) from the target's true per-image mIoU; none says "out of domain".
   */
  async rateSet(setId: number, targetId: number, rating: { noise: number; uniform: () => number; skip: ReadonlySet<number>; limit?: number }): Promise<number> {
    const ranked = candidateImageIds(this.db, setId);
    const imageIds = ranked.filter((id) => !rating.skip.has(id)).slice(0, rating.limit ?? ranked.length);
    const mious = await this.imageMious(targetId, imageIds);
    const normal = gaussian(rating.uniform);
    for (const imageId of imageIds) {
      for (const rater of SIMULATED_RATERS) {
        rate(this.db, { setId, imageId, rater, score: simulatedScore(mious.get(imageId) ?? null, rating.noise, normal), outOfDomain: false, timeMs: RATING_MS });
      }
    }
    return imageIds.length;
  }

  /** The annotator submits the true mask of each image and the reviewer accepts it; images already accepted are left as they are. */
  async labelImages(imageIds: readonly number[]): Promise<number> {
    const annotator = upsertPerson(this.db, ANNOTATOR, ['annotator']).id;
    const reviewer = upsertPerson(this.db, REVIEWER, ['reviewer']).id;
    const accepted = acceptedAnnotationChecker(this.db);
    let labelled = 0;
    for (const imageId of imageIds) {
      if (accepted(imageId)) continue;
      const truth = await this.mask(imageId);
      const version = submitVersion(this.db, {
        imageId,
        authorId: annotator,
        origin: 'scratch',
        timeMs: 0,
        mask: maskPayload(deflateLabelMap(truth.data), truth.width, truth.height),
      });
      reviewVersion(this.db, { annotationId: version.id, reviewerId: reviewer, decision: 'accepted', marks: [] });
      labelled++;
    }
    return labelled;
  }
}
