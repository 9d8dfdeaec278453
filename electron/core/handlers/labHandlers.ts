import { FaultlineError } from '../../../shared/contract/errors.js';
import type { Caller, Lease, labMethods } from '../../../shared/contract/methods/labMethods.js';
import { listQueue } from '../annotations/annotationQueue.js';
import { holderOf } from '../lab/callGate.js';
import { leaseKeys, type LeaseBook } from '../lab/leaseBook.js';
import { addPersonWithSignIn, personAccounts, removePerson, renewSignIn } from '../lab/signIns.js';
import { ratingQueue, ratingSetId } from '../rating/ratingStore.js';
import { imageSummary } from '../store/images.js';
import type { CoreServices, FeatureHandlers } from './handlerTable.js';

/** Images to label are looked for a page at a time, so a large pool is never listed at once. */
const LABELLING_PAGE = 200;

/**
 * Takes KEY for the caller after giving back what they held in the same queue: a person works on
 * one image of a queue at a time, so moving on frees the image they left (or skipped).
 */
function takeOnly(leases: LeaseBook, caller: Caller, prefix: string, key: string, imageId: number): Lease {
  const holder = holderOf(caller);
  const current = leases.holderOf(key);
  if (current && current.holder.key !== holder.key) {
    throw new FaultlineError('leased', `${current.holder.name} is working on image ${imageId}; take the next one.`);
  }
  leases.releaseAll(holder, prefix);
  const outcome = leases.take(key, holder);
  if (!outcome.taken) throw new FaultlineError('leased', `${outcome.heldBy.holder.name} is working on image ${imageId}; take the next one.`);
  return { imageId, expiresAt: new Date(outcome.lease.expiresAt).toISOString() };
}

const NOTHING_LEFT: Lease = { imageId: null, expiresAt: null };

export function labHandlers({ session, gate }: CoreServices): FeatureHandlers<typeof labMethods> {
  const { leases } = gate;
  return {
    'lab.me': (_input, caller) => caller,
    'people.accounts': () => personAccounts(session.require().db),
    'people.add': ({ name, roles, expiresInDays }) => addPersonWithSignIn(session.requireWritable().db, name, roles, expiresInDays, gate.now()),
    'people.link': ({ name, expiresInDays }) => renewSignIn(session.requireWritable().db, name, expiresInDays, gate.now()),
    'people.remove': ({ name }) => removePerson(session.requireWritable().db, name),

    'rating.claim': ({ setId, imageId }, caller) => {
      const { db } = session.require();
      const id = ratingSetId(db, setId);
      const prefix = leaseKeys.ratingPrefix(id);
      const items = ratingQueue(db, id, caller.kind === 'person' ? caller.person.name : null);
      if (imageId !== undefined) {
        if (!items.some((item) => item.imageId === imageId)) throw new FaultlineError('not_found', `Image ${imageId} is not in rating set ${id}.`);
        return takeOnly(leases, caller, prefix, leaseKeys.rating(id, imageId), imageId);
      }
      const holder = holderOf(caller);
      const next = items.find((item) => item.myScore === null && !item.myOutOfDomain && !leases.heldByOther(leaseKeys.rating(id, item.imageId), holder));
      if (!next) {
        leases.releaseAll(holder, prefix);
        return NOTHING_LEFT;
      }
      return takeOnly(leases, caller, prefix, leaseKeys.rating(id, next.imageId), next.imageId);
    },
    'rating.release': ({ setId, imageId }, caller) => {
      leases.release(leaseKeys.rating(setId, imageId), holderOf(caller));
      return { ok: true } as const;
    },

    'annotations.claim': ({ imageId, testSetId }, caller) => {
      const { db } = session.require();
      const prefix = leaseKeys.labellingPrefix;
      if (imageId !== undefined) {
        if (!imageSummary(db, imageId)) throw new FaultlineError('not_found', `There is no image ${imageId} in this project.`);
        return takeOnly(leases, caller, prefix, leaseKeys.labelling(imageId), imageId);
      }
      const holder = holderOf(caller);
      for (let offset = 0; ; offset += LABELLING_PAGE) {
        const page = listQueue(db, { filter: 'unlabelled', testSetId, offset, limit: LABELLING_PAGE });
        const next = page.items.find((item) => !leases.heldByOther(leaseKeys.labelling(item.image.id), holder));
        if (next) return takeOnly(leases, caller, prefix, leaseKeys.labelling(next.image.id), next.image.id);
        if (page.items.length < LABELLING_PAGE) {
          leases.releaseAll(holder, prefix);
          return NOTHING_LEFT;
        }
      }
    },
    'annotations.release': ({ imageId }, caller) => {
      leases.release(leaseKeys.labelling(imageId), holderOf(caller));
      return { ok: true } as const;
    },
  };
}
