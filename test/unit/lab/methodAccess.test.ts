import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { mayCall, methodAccess, rolesFor } from '../../../shared/contract/access.js';
import { PersonRole } from '../../../shared/contract/domain.js';
import { methodNames, type MethodName } from '../../../shared/contract/methods.js';
import { createCore, type Core } from '../../../electron/core/createCore.js';
import { headlessHost } from '../../../electron/core/host/hostServices.js';
import { makeTempDir } from '../../helpers/tempDir.js';

/** What the roles are for (issue 19): only reviewers accept or return, only admins change models, rounds, sets, settings and people. */
const EXPECTED: Record<Exclude<PersonRole, 'admin'>, { may: MethodName[]; mayNot: MethodName[] }> = {
  rater: {
    may: ['rating.rate', 'rating.undo', 'rating.claim', 'rating.queue', 'annotations.history', 'project.stats', 'lab.me'],
    mayNot: ['annotations.submit', 'annotations.saveDraft', 'annotations.claim', 'annotations.review', 'rating.confirm', 'models.add', 'people.add'],
  },
  annotator: {
    may: ['annotations.saveDraft', 'annotations.submit', 'annotations.discardDraft', 'annotations.claim', 'rating.rate'],
    mayNot: ['annotations.review', 'rating.confirm', 'models.add', 'models.setTarget', 'rounds.setState', 'classes.set', 'errors.setConfig', 'people.add', 'people.remove', 'project.open', 'host.pickDirectory', 'jobs.cancel'],
  },
  reviewer: {
    may: ['annotations.review', 'annotations.submit', 'rating.rate'],
    mayNot: ['rating.confirm', 'models.add', 'rounds.buildTestSet', 'mining.run', 'inference.run', 'people.link', 'export.run'],
  },
};

describe('the role table', () => {
  it('names every method of the contract', () => {
    expect(Object.keys(methodAccess).sort()).toEqual([...methodNames].sort());
  });

  it('lets an admin call every method', () => {
    for (const method of methodNames) expect(mayCall(['admin'], method), method).toBe(true);
  });

  for (const [role, { may, mayNot }] of Object.entries(EXPECTED) as [PersonRole, (typeof EXPECTED)['rater']][]) {
    it(`gives a ${role} what the role is for and nothing an admin keeps`, () => {
      for (const method of may) expect(mayCall([role], method), method).toBe(true);
      for (const method of mayNot) expect(mayCall([role], method), method).toBe(false);
    });
  }

  it('keeps everything that is not a read, a rating or labelling for admins', () => {
    const open = methodNames.filter((m) => !mayCall(['rater', 'annotator', 'reviewer'], m));
    for (const method of open) expect(rolesFor(method), method).toEqual(['admin']);
  });
});

describe('role checks through the core, for every method', () => {
  const temp = makeTempDir();
  let core: Core;
  const tokens = new Map<PersonRole, string>();

  beforeAll(async () => {
    core = createCore({ host: headlessHost('server'), userDataDir: join(temp.dir, 'home'), listRecent: false });
    await core.call('project.create', { dir: join(temp.dir, 'p'), name: 'Lab' });
    for (const role of ['rater', 'annotator', 'reviewer'] as const) {
      const added = await core.call('people.add', { name: `${role}-person`, roles: [role] });
      if (!added.ok) throw new Error(added.error.message);
      tokens.set(role, (added.value as { token: string }).token);
    }
  });
  afterAll(async () => {
    await core.dispose();
    temp.cleanup();
  });

  for (const role of ['rater', 'annotator', 'reviewer'] as const) {
    it(`refuses a ${role} every method the table keeps from them, with a sentence naming the roles, and changes nothing`, async () => {
      const credential = { kind: 'signIn' as const, token: tokens.get(role)! };
      const before = await core.call('project.stats', {});
      for (const method of methodNames) {
        // An input that would be valid for some methods: a refusal must come before input is even read.
        const answer = await core.call(method, { name: 'Mallory', roles: ['admin'], setId: 1 }, credential);
        const refused = !answer.ok && answer.error.code === 'forbidden';
        expect(refused, method).toBe(!mayCall([role], method));
        if (refused && !answer.ok) expect(answer.error.message).toContain(`may not call ${method}: it needs ${rolesFor(method).join(' or ')}`);
      }
      expect(await core.call('project.stats', {})).toEqual(before);
      const people = await core.call('people.list', {});
      expect(people.ok && (people.value as { name: string }[]).map((p) => p.name)).not.toContain('Mallory');
    });
  }
});
