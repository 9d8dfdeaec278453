import { copyFileSync, existsSync, mkdirSync, realpathSync, renameSync, rmSync } from 'node:fs';
import { dirname, extname, join, posix, resolve } from 'node:path';
import type { ClassInfo, MergeCountsByKind, MergeKind, MergeSummary } from '../../../shared/contract/domain.js';
import { FaultlineError } from '../../../shared/contract/errors.js';
import { remapCandidateReasons, remapRoundParams, remapSetParams } from '../../../shared/merge/remapIds.js';
import { laterWins, planVersionMerge } from '../../../shared/merge/versionMerge.js';
import { storedImagePath } from '../images/placeImageFile.js';
import { listClasses } from '../store/classes.js';
import {
  annotatedImageIds,
  annotationIdByUid,
  annotationMaskRecord,
  annotationsOfImage,
  candidateRecords,
  candidateSetIdByUid,
  candidateSetRecords,
  imageIdByHash,
  importedImageRecords,
  insertAnnotationRecord,
  insertCandidateSetRecord,
  insertImageRecord,
  insertModelRecord,
  insertPersonRecord,
  insertRatingRecord,
  insertReviewRecord,
  insertRoundRecord,
  latestReviewAt,
  matchingPersonId,
  matchingRating,
  modelIdByHash,
  modelNameTaken,
  modelRecords,
  peopleRecords,
  ratingRecords,
  replaceAnnotationRecord,
  reviewExists,
  reviewRecords,
  roundIdByUid,
  roundRecords,
  setAnnotationStatusRecord,
  setRoundParamsRecord,
  updateRatingRecord,
  type AnnotationMeta,
  type AnnotationRecord,
  type ModelRecord,
} from '../store/mergeRecords.js';
import { openProjectDb, type Db, type ProjectDb } from '../store/openProjectDb.js';
import { StoredDataFiles } from '../store/models.js';

/** A file the merge brings from the other copy's folder into this one's (both project-relative). */
interface FileCopy {
  from: string;
  to: string;
}

/** Thrown inside the transaction of a dry run so that everything it wrote is rolled back. */
class DryRunRollback extends Error {}

function emptyCounts(): MergeCountsByKind {
  const zero = (): { added: number; updated: number } => ({ added: 0, updated: 0 });
  return { people: zero(), images: zero(), models: zero(), rounds: zero(), candidateSets: zero(), ratings: zero(), annotations: zero(), reviews: zero() };
}

function sameFolder(a: string, b: string): boolean {
  try {
    return realpathSync(a) === realpathSync(b);
  } catch {
    return resolve(a) === resolve(b);
  }
}

function classKey(classes: readonly ClassInfo[]): string {
  return JSON.stringify(classes.map((c) => [c.id, c.name]));
}

/** Copies of one project share their classes; merging label maps of different class lists would mislabel every pixel. */
function refuseUnrelated(into: Db, from: Db, fromDir: string): void {
  const here = listClasses(into);
  const there = listClasses(from);
  if (classKey(here) === classKey(there)) return;
  const names = (list: readonly ClassInfo[]): string => list.map((c) => `${c.id} ${c.name}`).join(', ') || 'none';
  throw new FaultlineError(
    'invalid_input',
    `${fromDir} is not a copy of this project: its classes (${names(there)}) differ from this project's (${names(here)}). Only copies of one project can be merged; nothing was changed.`,
  );
}

/** Copies each file to a temporary name renamed into place, so a crash never leaves half a file; on failure removes what it placed. Returns how many it placed. */
function copyFiles(fromDir: string, intoDir: string, copies: readonly FileCopy[]): number {
  const placed: string[] = [];
  const madeFolders: string[] = [];
  try {
    for (const copy of copies) {
      const target = join(intoDir, ...copy.to.split('/'));
      if (existsSync(target)) continue;
      const made = mkdirSync(dirname(target), { recursive: true });
      if (made !== undefined) madeFolders.push(made);
      const temp = `${target}.merging-${process.pid}`;
      try {
        copyFileSync(join(fromDir, ...copy.from.split('/')), temp);
        renameSync(temp, target);
      } finally {
        rmSync(temp, { force: true });
      }
      placed.push(target);
    }
    return placed.length;
  } catch (error) {
    for (const path of placed) rmSync(path, { force: true });
    // Folders this merge made hold only what it placed.
    for (const folder of madeFolders.reverse()) rmSync(folder, { recursive: true, force: true });
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? `a file it lists is missing (${(error as Error).message})` : (error as Error).message;
    throw new FaultlineError('invalid_input', `Could not copy files from ${fromDir}: ${reason}. Nothing was changed; check that copy is complete.`);
  }
}

/** The merge itself, inside INTO's transaction: every record of FROM matched to INTO's, or added. */
class Merger {
  readonly counts = emptyCounts();
  readonly conflicts: MergeSummary['conflicts'] = [];
  readonly renamedModels: MergeSummary['renamedModels'] = [];
  readonly files: FileCopy[] = [];
  private readonly people = new Map<number, number>();
  private readonly images = new Map<number, number>();
  private readonly imagePaths = new Map<number, string>();
  private readonly models = new Map<number, number>();
  private readonly rounds = new Map<number, number>();
  private readonly sets = new Map<number, number>();

  constructor(
    private readonly into: ProjectDb,
    private readonly from: ProjectDb,
  ) {}

  private count(kind: MergeKind, what: 'added' | 'updated'): void {
    this.counts[kind][what] += 1;
  }

  run(): void {
    this.mergePeople();
    this.mergeImages();
    this.mergeModels();
    this.mergeRoundsAndSets();
    this.mergeRatings();
    const appended = this.mergeAnnotations();
    this.mergeReviews(appended);
  }

  /** A person keeps the roles this project gave them: a copy cannot grant anyone more. */
  private mergePeople(): void {
    for (const person of peopleRecords(this.from.db)) {
      let id = matchingPersonId(this.into.db, person);
      if (id === null) {
        id = insertPersonRecord(this.into.db, person);
        this.count('people', 'added');
      }
      this.people.set(person.id, id);
    }
  }

  /** Images are one content, wherever each copy keeps its file; a new one lands where an import would place it. */
  private mergeImages(): void {
    for (const image of importedImageRecords(this.from.db)) {
      let id = imageIdByHash(this.into.db, image.content_hash);
      if (id === null) {
        const extension = extname(image.rel_path).slice(1).toLowerCase() || 'bin';
        const relPath = storedImagePath(image.content_hash, extension);
        this.files.push({ from: image.rel_path, to: relPath });
        id = insertImageRecord(this.into.db, image, relPath);
        this.count('images', 'added');
      }
      this.images.set(image.id, id);
      this.imagePaths.set(id, image.rel_path);
    }
  }

  /** Models are one file, matched by its hash; a new one keeps its folder unless that is taken here. */
  private mergeModels(): void {
    for (const model of modelRecords(this.from.db)) {
      let id = modelIdByHash(this.into.db, model.onnx_hash);
      if (id === null) {
        id = insertModelRecord(this.into.db, this.placeModel(model));
        this.count('models', 'added');
      }
      this.models.set(model.id, id);
    }
  }

  private placeModel(model: ModelRecord): ModelRecord {
    const dataFiles = StoredDataFiles.parse(JSON.parse(model.data_files));
    const folder = posix.dirname(model.onnx_path);
    const taken = [model.onnx_path, ...dataFiles.map((f) => f.path)].some((path) => existsSync(join(this.into.dir, ...path.split('/'))));
    const newFolder = taken ? `models/merged-${model.onnx_hash.slice(0, 12)}` : folder;
    const moved = (path: string): string => posix.join(newFolder, posix.relative(folder, path));
    for (const path of [model.onnx_path, ...dataFiles.map((f) => f.path)]) this.files.push({ from: path, to: moved(path) });
    let { version, card } = model;
    if (modelNameTaken(this.into.db, model.name, model.version)) {
      version = `${model.version} (merged ${model.onnx_hash.slice(0, 8)})`;
      card = JSON.stringify({ ...(JSON.parse(model.card) as Record<string, unknown>), version });
      this.renamedModels.push({ name: model.name, version: model.version, mergedAs: version });
    }
    const parent = model.parent_id === null ? null : (this.models.get(model.parent_id) ?? null);
    return {
      ...model,
      version,
      card,
      parent_id: parent,
      onnx_path: moved(model.onnx_path),
      data_files: JSON.stringify(dataFiles.map((f) => ({ ...f, path: moved(f.path) }))),
    };
  }

  /** Rounds and sets are matched by identity; a round's rating set is mapped once the sets are in. */
  private mergeRoundsAndSets(): void {
    const newRounds: Array<{ id: number; params: string }> = [];
    for (const round of roundRecords(this.from.db)) {
      let id = roundIdByUid(this.into.db, round.uid);
      if (id === null) {
        const target = round.target_model_id === null ? null : (this.models.get(round.target_model_id) ?? null);
        id = insertRoundRecord(this.into.db, { ...round, target_model_id: target, params: '{}' });
        newRounds.push({ id, params: round.params });
        this.count('rounds', 'added');
      }
      this.rounds.set(round.id, id);
    }
    for (const set of candidateSetRecords(this.from.db)) {
      let id = candidateSetIdByUid(this.into.db, set.uid);
      if (id === null) {
        const candidates = candidateRecords(this.from.db, set.id).flatMap((c) => {
          const imageId = this.images.get(c.image_id);
          return imageId === undefined ? [] : [{ image_id: imageId, rank: c.rank, reasons: remapCandidateReasons(c.reasons, this.images, this.models) }];
        });
        const params = remapSetParams(set.params, this.models);
        id = insertCandidateSetRecord(this.into.db, { ...set, round_id: this.rounds.get(set.round_id)!, params }, candidates);
        this.count('candidateSets', 'added');
      }
      this.sets.set(set.id, id);
    }
    for (const round of newRounds) setRoundParamsRecord(this.into.db, round.id, remapRoundParams(round.params, this.sets));
  }

  /** One rating per rater and candidate: where both copies hold one, the later stays. */
  private mergeRatings(): void {
    for (const rating of ratingRecords(this.from.db)) {
      const setId = this.sets.get(rating.set_id);
      const imageId = this.images.get(rating.image_id);
      const raterId = this.people.get(rating.rater_id);
      if (setId === undefined || imageId === undefined || raterId === undefined) continue;
      const mapped = { ...rating, set_id: setId, image_id: imageId, rater_id: raterId };
      const here = matchingRating(this.into.db, mapped);
      if (here === null) {
        insertRatingRecord(this.into.db, mapped);
        this.count('ratings', 'added');
        continue;
      }
      const same = here.score === mapped.score && here.out_of_domain === mapped.out_of_domain && here.time_ms === mapped.time_ms && here.created_at === mapped.created_at;
      if (same) continue;
      if (laterWins({ createdAt: here.created_at, uid: here.uid }, { createdAt: mapped.created_at, uid: mapped.uid }) === 'there') {
        updateRatingRecord(this.into.db, here.id, mapped);
        this.count('ratings', 'updated');
      }
    }
  }

  /** Annotations image by image; returns the identities of the versions this merge added. */
  private mergeAnnotations(): Set<string> {
    const appended = new Set<string>();
    for (const fromImage of annotatedImageIds(this.from.db)) {
      const imageId = this.images.get(fromImage);
      if (imageId === undefined) continue;
      const there = annotationsOfImage(this.from.db, fromImage);
      this.mergeVersions(imageId, there, appended);
      this.mergeDrafts(imageId, there);
    }
    return appended;
  }

  /**
   * Every version of either copy survives. The other copy's new versions follow this copy's; when
   * both made new ones since their last shared version, the newest awaits a reviewer's choice.
   */
  private mergeVersions(imageId: number, there: readonly AnnotationMeta[], appended: Set<string>): void {
    const here = annotationsOfImage(this.into.db, imageId);
    const hereByUid = new Map(here.map((a) => [a.uid, a]));
    const thereByUid = new Map(there.map((a) => [a.uid, a]));
    const versions = (rows: readonly AnnotationMeta[]): Array<{ uid: string; version: number }> =>
      rows.filter((a) => a.version > 0).map((a) => ({ uid: a.uid, version: a.version }));
    const top = here.reduce((max, a) => Math.max(max, a.version), 0);
    const plan = planVersionMerge(versions(here), versions(there), top);
    let headId: number | null = null;
    for (const step of plan.append) {
      const source = thereByUid.get(step.uid)!;
      const draftHere = hereByUid.get(step.uid);
      const row = { ...source, mask: annotationMaskRecord(this.from.db, source.id), version: step.version, image_id: imageId, author_id: this.people.get(source.author_id)! };
      if (draftHere) {
        // This copy still holds as a draft what the other copy went on to submit.
        replaceAnnotationRecord(this.into.db, draftHere.id, row);
        headId = draftHere.id;
      } else {
        headId = insertAnnotationRecord(this.into.db, row);
      }
      appended.add(step.uid);
      this.count('annotations', 'added');
    }
    if (plan.conflict && headId !== null) {
      setAnnotationStatusRecord(this.into.db, headId, 'submitted');
      this.conflicts.push({ imageId, relPath: this.imagePaths.get(imageId) ?? '' });
    }
  }

  /** One draft per author and image: where both copies hold one, the later stays. */
  private mergeDrafts(imageId: number, there: readonly AnnotationMeta[]): void {
    const here = annotationsOfImage(this.into.db, imageId);
    const submittedHere = new Set(here.filter((a) => a.version > 0).map((a) => a.uid));
    for (const draft of there.filter((a) => a.version === 0)) {
      if (submittedHere.has(draft.uid)) continue;
      const authorId = this.people.get(draft.author_id)!;
      const mine = here.find((a) => a.version === 0 && a.author_id === authorId);
      const row = (): AnnotationRecord => ({ ...draft, mask: annotationMaskRecord(this.from.db, draft.id), image_id: imageId, author_id: authorId });
      if (!mine) {
        insertAnnotationRecord(this.into.db, row());
        this.count('annotations', 'added');
        continue;
      }
      // Saved at the same moment: the same draft unless the masks differ (then the tie-break decides).
      const same = mine.created_at === draft.created_at && annotationMaskRecord(this.into.db, mine.id).equals(annotationMaskRecord(this.from.db, draft.id));
      if (!same && laterWins({ createdAt: mine.created_at, uid: mine.uid }, { createdAt: draft.created_at, uid: draft.uid }) === 'there') {
        replaceAnnotationRecord(this.into.db, mine.id, row());
        this.count('annotations', 'updated');
      }
    }
  }

  /**
   * Every review is kept. A version both copies had takes the decision of its latest review; a
   * version this merge added already carries the other copy's status (or awaits review).
   */
  private mergeReviews(appended: ReadonlySet<string>): void {
    for (const review of reviewRecords(this.from.db)) {
      if (reviewExists(this.into.db, review.uid)) continue;
      const annotationId = annotationIdByUid(this.into.db, review.annotation_uid);
      const reviewerId = this.people.get(review.reviewer_id);
      if (annotationId === null || reviewerId === undefined) continue;
      const lastHere = latestReviewAt(this.into.db, annotationId);
      insertReviewRecord(this.into.db, annotationId, { ...review, reviewer_id: reviewerId });
      if (!appended.has(review.annotation_uid) && (lastHere === null || review.created_at > lastHere)) {
        setAnnotationStatusRecord(this.into.db, annotationId, review.decision);
      }
      this.count('reviews', 'added');
    }
  }
}

/** The other copy, read-only (it is never written, and needs no lock), refused as opening it would be. */
function openOtherCopy(dir: string): ProjectDb {
  try {
    return openProjectDb(dir, { readOnly: true });
  } catch (error) {
    if (!(error instanceof FaultlineError)) throw error;
    throw new FaultlineError(error.code, `Cannot merge ${dir}: ${error.message}`);
  }
}

/**
 * Brings another copy of the project (FROM, opened read-only and so refused as opening it would
 * be) into INTO, in one transaction: a refusal or failure leaves INTO as it was. A dry run does
 * the same work and rolls it back, so its counts are the real run's.
 */
export function mergeProject(into: ProjectDb, fromDir: string, options: { dryRun: boolean }): MergeSummary {
  const dir = resolve(fromDir);
  if (sameFolder(dir, into.dir)) {
    throw new FaultlineError('invalid_input', `${dir} is the open project itself; choose the folder of another copy to merge.`);
  }
  const from = openOtherCopy(dir);
  try {
    refuseUnrelated(into.db, from.db, dir);
    const merger = new Merger(into, from);
    let filesCopied = 0;
    const work = into.db.transaction(() => {
      merger.run();
      if (options.dryRun) {
        filesCopied = merger.files.filter((f) => !existsSync(join(into.dir, ...f.to.split('/')))).length;
        throw new DryRunRollback();
      }
      filesCopied = copyFiles(dir, into.dir, merger.files);
    });
    try {
      work();
    } catch (error) {
      if (!(error instanceof DryRunRollback)) throw error;
    }
    return { from: dir, dryRun: options.dryRun, counts: merger.counts, conflicts: merger.conflicts, renamedModels: merger.renamedModels, filesCopied };
  } finally {
    from.close();
  }
}
