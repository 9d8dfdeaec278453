import type { annotationMethods } from '../../../shared/contract/methods/annotationMethods.js';
import { versionsOf } from '../store/annotations.js';
import { listQueue } from '../annotations/annotationQueue.js';
import { discardDraft, saveDraft, submitVersion } from '../annotations/annotationWrites.js';
import { loadMask, openForEditing } from '../annotations/maskSources.js';
import { reviewVersion } from '../annotations/reviews.js';
import { reviewsOfImage } from '../store/annotations.js';
import type { CoreServices, FeatureHandlers } from './handlerTable.js';

export function annotationHandlers({ session }: CoreServices): FeatureHandlers<typeof annotationMethods> {
  return {
    'annotations.queue': (query) => listQueue(session.require().db, query),
    'annotations.open': ({ imageId, authorId }) => openForEditing(session.require().db, imageId, authorId),
    'annotations.loadMask': (source) => loadMask(session.require().db, source),
    'annotations.saveDraft': (input) => saveDraft(session.requireWritable().db, input),
    'annotations.discardDraft': ({ imageId, authorId }) => {
      discardDraft(session.requireWritable().db, imageId, authorId);
      return { ok: true } as const;
    },
    'annotations.submit': (input) => submitVersion(session.requireWritable().db, input),
    'annotations.review': (input) => reviewVersion(session.requireWritable().db, input),
    'annotations.history': ({ imageId }) => {
      const { db } = session.require();
      return { versions: versionsOf(db, imageId), reviews: reviewsOfImage(db, imageId) };
    },
  };
}
