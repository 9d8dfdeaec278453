import type { PersonRole } from './domain.js';
import type { MethodName } from './methods.js';

/**
 * Which input field names the person a call acts for. On a lab server it is overwritten with the
 * signed-in person (their name for `rater`, their id for the others), so nobody can rate, label or
 * review as someone else whatever the client sends.
 */
export type ActorField = 'rater' | 'authorId' | 'reviewerId';

export interface MethodAccess {
  /** 'signedIn': any signed-in person; otherwise any of these roles. Admins may call everything. */
  readonly allow: 'signedIn' | readonly PersonRole[];
  readonly actor?: ActorField;
}

const READ: MethodAccess = { allow: 'signedIn' };
const ADMIN: MethodAccess = { allow: ['admin'] };
const RATE_ROLES: readonly PersonRole[] = ['rater', 'annotator', 'reviewer'];
const LABEL_ROLES: readonly PersonRole[] = ['annotator', 'reviewer'];

/**
 * What each role may do, one row per contract method; the host enforces it in one place (the
 * core's dispatch). Reading is open to everyone signed in; rating to raters, annotators and
 * reviewers; labelling to annotators and reviewers; accepting or returning a mask to reviewers;
 * everything that changes models, rounds, sets, settings, people or files on the host to admins.
 * A method missing here is a compile error.
 */
export const methodAccess = {
  'app.info': READ,
  'project.create': ADMIN,
  'project.open': ADMIN,
  'project.openDemo': ADMIN,
  'project.close': ADMIN,
  'project.current': READ,
  'project.stats': READ,
  'project.recent': ADMIN,
  'project.forgetRecent': ADMIN,
  'project.merge': ADMIN,
  'project.check': ADMIN,
  'host.pickDirectory': ADMIN,
  'people.list': READ,
  'people.upsert': ADMIN,
  'people.accounts': ADMIN,
  'people.add': ADMIN,
  'people.link': ADMIN,
  'people.remove': ADMIN,
  'lab.me': READ,
  'classes.list': READ,
  'classes.set': ADMIN,
  'jobs.list': READ,
  'jobs.cancel': ADMIN,
  'jobs.wait': READ,
  'images.list': READ,
  'images.browse': READ,
  'images.import': ADMIN,
  'images.importStatus': READ,
  'images.importFailures': READ,
  'images.thumbnails': READ,
  'images.dicomView': READ,
  'images.dicomReview': READ,
  'images.dicomMarkReviewed': ADMIN,
  'groundTruth.import': ADMIN,
  'models.list': READ,
  'models.add': ADMIN,
  'models.inspect': ADMIN,
  'models.preview': ADMIN,
  'models.setTarget': ADMIN,
  'models.setClassMap': ADMIN,
  'models.addRemote': ADMIN,
  'models.exportTriton': ADMIN,
  'inference.run': ADMIN,
  'inference.status': READ,
  'predictions.get': READ,
  'annotations.queue': { allow: 'signedIn', actor: 'authorId' },
  'annotations.open': { allow: 'signedIn', actor: 'authorId' },
  'annotations.loadMask': READ,
  'annotations.saveDraft': { allow: LABEL_ROLES, actor: 'authorId' },
  'annotations.discardDraft': { allow: LABEL_ROLES, actor: 'authorId' },
  'annotations.submit': { allow: LABEL_ROLES, actor: 'authorId' },
  'annotations.review': { allow: ['reviewer'], actor: 'reviewerId' },
  'annotations.history': READ,
  'annotations.claim': { allow: LABEL_ROLES },
  'annotations.release': { allow: LABEL_ROLES },
  'assist.models': READ,
  'assist.prepare': { allow: LABEL_ROLES },
  'assist.cancel': { allow: LABEL_ROLES },
  'assist.decode': { allow: LABEL_ROLES },
  'assist.mask': { allow: LABEL_ROLES },
  'mining.defaults': READ,
  'mining.run': ADMIN,
  'mining.sets': READ,
  'mining.candidates': READ,
  'mining.bounds': READ,
  'mining.histogram': READ,
  'mining.sendToRating': ADMIN,
  'rating.sets': { allow: 'signedIn', actor: 'rater' },
  'rating.queue': { allow: 'signedIn', actor: 'rater' },
  'rating.rate': { allow: RATE_ROLES, actor: 'rater' },
  'rating.undo': { allow: RATE_ROLES, actor: 'rater' },
  'rating.summary': READ,
  'rating.confirm': ADMIN,
  'rating.claim': { allow: RATE_ROLES },
  'rating.release': { allow: RATE_ROLES },
  'evaluation.run': ADMIN,
  'leaderboard.get': READ,
  'rounds.setState': ADMIN,
  'rounds.buildTestSet': ADMIN,
  'rounds.labelSets': READ,
  'quality.sets': READ,
  'quality.run': ADMIN,
  'quality.runs': READ,
  'quality.images': READ,
  'quality.imageMasks': READ,
  'quality.commonIssues': READ,
  'quality.rescoreImage': ADMIN,
  'finetune.preview': ADMIN,
  'finetune.run': ADMIN,
  'errors.getConfig': READ,
  'errors.setConfig': ADMIN,
  'errors.run': ADMIN,
  'errors.overview': READ,
  'errors.gallery': READ,
  'errors.image': READ,
  'errors.compare': READ,
  'export.run': ADMIN,
  'slices.run': ADMIN,
  'slices.get': READ,
  'slices.fetchFresh': ADMIN,
  'slices.visionModels': READ,
  'slices.failureMask': READ,
} as const satisfies Record<MethodName, MethodAccess>;

/** Whether a person with these roles may call METHOD. */
export function mayCall(roles: readonly PersonRole[], method: MethodName): boolean {
  const { allow } = methodAccess[method] as MethodAccess;
  if (allow === 'signedIn' || roles.includes('admin')) return true;
  return allow.some((role) => roles.includes(role));
}

/** The roles that may call METHOD, for the refusal message. */
export function rolesFor(method: MethodName): readonly PersonRole[] {
  const { allow } = methodAccess[method] as MethodAccess;
  return allow === 'signedIn' ? [] : [...new Set([...allow, 'admin' as const])];
}
