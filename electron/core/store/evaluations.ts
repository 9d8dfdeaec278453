import { z } from 'zod';
import type { Db } from './openProjectDb.js';
import type { ReferenceSource } from './referenceMasks.js';

/** evaluations.per_class: the scores of one model on one set beyond its mIoU, and what they were measured on. */
export interface EvaluationDetail {
  perClass: Array<number | null>;
  pixelAccuracy: number | null;
  images: number;
  /** Images of the set without a reference mask yet, or without this model's prediction. */
  unlabelled: number;
  unpredicted: number;
  references: Partial<Record<ReferenceSource, number>>;
}

/** The part of evaluations.per_class the leaderboard shows. */
const StoredDetail = z.object({ perClass: z.array(z.number().nullable()), images: z.number().int() });

/** Writer of one (model, set) result, replacing an earlier one; prepared once for a loop over sets. */
export function evaluationWriter(db: Db): (modelId: number, testSetId: number, miou: number, detail: EvaluationDetail) => void {
  const upsert = db.prepare(
    `INSERT INTO evaluations (model_id, test_set_id, miou, per_class, created_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (model_id, test_set_id) DO UPDATE SET miou = excluded.miou, per_class = excluded.per_class, created_at = excluded.created_at`,
  );
  return (modelId, testSetId, miou, detail) => {
    upsert.run(modelId, testSetId, miou, JSON.stringify(detail), new Date().toISOString());
  };
}

export interface StoredEvaluation {
  modelId: number;
  testSetId: number;
  miou: number;
  perClass: Array<number | null>;
  images: number;
  evaluatedAt: string;
}

export function listEvaluations(db: Db): StoredEvaluation[] {
  const rows = db.prepare('SELECT model_id, test_set_id, miou, per_class, created_at FROM evaluations').all() as Array<{
    model_id: number;
    test_set_id: number;
    miou: number;
    per_class: string;
    created_at: string;
  }>;
  return rows.map((r) => {
    const detail = StoredDetail.parse(JSON.parse(r.per_class));
    return { modelId: r.model_id, testSetId: r.test_set_id, miou: r.miou, perClass: detail.perClass, images: detail.images, evaluatedAt: r.created_at };
  });
}

export function hasEvaluations(db: Db, testSetId: number): boolean {
  return db.prepare('SELECT 1 FROM evaluations WHERE test_set_id = ?').get(testSetId) !== undefined;
}

/** The model's stored mIoU on T0, the user test set; null before it was evaluated there. */
export function userTestSetMiou(db: Db, modelId: number): number | null {
  return (db.prepare("SELECT e.miou FROM evaluations e JOIN test_sets t ON t.id = e.test_set_id WHERE t.kind = 'user' AND e.model_id = ?").pluck().get(modelId) as number | undefined) ?? null;
}

/** The model's stored mIoU on a test set; null before it was evaluated there. */
export function evaluationMiou(db: Db, modelId: number, testSetId: number): number | null {
  return (db.prepare('SELECT miou FROM evaluations WHERE model_id = ? AND test_set_id = ?').pluck().get(modelId, testSetId) as number | undefined) ?? null;
}
