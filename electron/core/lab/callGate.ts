import { mayCall, methodAccess, rolesFor, type MethodAccess } from '../../../shared/contract/access.js';
import { FaultlineError } from '../../../shared/contract/errors.js';
import type { MethodName, MethodOutput, MethodParsedInput } from '../../../shared/contract/methods.js';
import type { Caller } from '../../../shared/contract/methods/labMethods.js';
import type { EventBus } from '../events/eventBus.js';
import type { ProjectSession } from '../project/projectSession.js';
import { annotationById } from '../store/annotations.js';
import type { Credential } from './credential.js';
import { leaseKeys, type Holder, type LeaseBook } from './leaseBook.js';
import { resolveCaller } from './signIns.js';

/** What a write does to the lease on its image: hold it while the work goes on, or free it once the work is stored. */
interface LeasedWrite {
  readonly key: string;
  readonly afterwards: 'keep' | 'release';
}

export function holderOf(caller: Caller): Holder {
  return caller.kind === 'local' ? { key: 'local', name: 'the server admin' } : { key: `person:${caller.person.id}`, name: caller.person.name };
}

function leasedWrite(method: MethodName, input: unknown): LeasedWrite | null {
  switch (method) {
    case 'rating.rate': {
      const { setId, imageId } = input as MethodParsedInput<'rating.rate'>;
      return { key: leaseKeys.rating(setId, imageId), afterwards: 'release' };
    }
    case 'annotations.saveDraft':
      return { key: leaseKeys.labelling((input as MethodParsedInput<'annotations.saveDraft'>).imageId), afterwards: 'keep' };
    case 'annotations.submit':
      return { key: leaseKeys.labelling((input as MethodParsedInput<'annotations.submit'>).imageId), afterwards: 'release' };
    case 'annotations.discardDraft':
      return { key: leaseKeys.labelling((input as MethodParsedInput<'annotations.discardDraft'>).imageId), afterwards: 'release' };
    default:
      return null;
  }
}

/**
 * The lab's rules around every call, applied by dispatch in one place: who the caller is, whether
 * their roles allow the method, acting as them whatever the client named, keeping two people off
 * one image, and telling every connected client what was stored.
 */
export class CallGate {
  constructor(
    private readonly session: ProjectSession,
    private readonly bus: EventBus,
    readonly leases: LeaseBook,
    readonly now: () => number,
  ) {}

  /** The caller, if their sign-in holds and their roles allow METHOD; a refusal otherwise. */
  admit(method: MethodName, credential: Credential): Caller {
    const caller = resolveCaller(this.session.current() ? this.session.require().db : null, credential, this.now());
    if (caller.kind === 'person' && !mayCall(caller.person.roles, method)) {
      const roles = rolesFor(method);
      throw new FaultlineError(
        'forbidden',
        `${caller.person.name} (${caller.person.roles.join(', ') || 'no roles'}) may not call ${method}: it needs ${roles.join(' or ')}; ask a lab admin.`,
      );
    }
    return caller;
  }

  /**
   * The raw input as the caller: a signed-in person's own name or id in the actor field, whatever
   * the client sent there (or left out), before the input is checked against the contract.
   */
  actAs(method: MethodName, input: unknown, caller: Caller): unknown {
    const { actor } = methodAccess[method] as MethodAccess;
    if (!actor || caller.kind === 'local' || input === null || typeof input !== 'object' || Array.isArray(input)) return input;
    return { ...input, [actor]: actor === 'rater' ? caller.person.name : caller.person.id };
  }

  /** Takes the caller's lease on the image a write touches, or refuses if someone else holds it. */
  before<M extends MethodName>(method: M, input: MethodParsedInput<M>, caller: Caller): void {
    const write = leasedWrite(method, input);
    if (write) {
      const outcome = this.leases.take(write.key, holderOf(caller));
      if (!outcome.taken) {
        const until = new Date(outcome.heldBy.expiresAt).toISOString().slice(11, 16);
        throw new FaultlineError('leased', `${outcome.heldBy.holder.name} is working on this image (until ${until} UTC unless they carry on); take the next one.`);
      }
    }
  }

  /** After a call succeeded: free the image if the work is done, and tell everyone what was stored. */
  after<M extends MethodName>(method: M, input: MethodParsedInput<M>, caller: Caller, value: MethodOutput<M>): void {
    const write = leasedWrite(method, input);
    if (write?.afterwards === 'release') this.leases.release(write.key, holderOf(caller));
    this.announce(method, input, value);
  }

  private announce(method: MethodName, input: unknown, value: unknown): void {
    const db = this.session.current() ? this.session.require().db : null;
    if (!db) return;
    switch (method) {
      case 'rating.rate': {
        const { setId, imageId, rater } = input as MethodParsedInput<'rating.rate'>;
        this.bus.emit('lab.activity', { action: 'rated', by: rater, setId, imageId });
        return;
      }
      case 'rating.undo': {
        const { setId, rater } = input as MethodParsedInput<'rating.undo'>;
        const { imageId } = value as MethodOutput<'rating.undo'>;
        if (imageId !== null) this.bus.emit('lab.activity', { action: 'unrated', by: rater, setId, imageId });
        return;
      }
      case 'annotations.submit': {
        const version = value as MethodOutput<'annotations.submit'>;
        this.bus.emit('lab.activity', { action: 'submitted', by: version.authorName, setId: null, imageId: version.imageId });
        return;
      }
      case 'annotations.review': {
        const review = value as MethodOutput<'annotations.review'>;
        const version = annotationById(db, review.annotationId);
        if (version) this.bus.emit('lab.activity', { action: review.decision, by: review.reviewerName, setId: null, imageId: version.imageId });
        return;
      }
      default:
    }
  }
}
