import { deflateSync } from 'node:zlib';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallResult } from '../../../shared/contract/wire.js';
import { createCore, LEASE_TTL_MS, type Core } from '../../../electron/core/createCore.js';
import { headlessHost } from '../../../electron/core/host/hostServices.js';
import type { Credential } from '../../../electron/core/lab/credential.js';
import { makeTempDir } from '../../helpers/tempDir.js';
import { seedRatingProject } from '../../helpers/seedRatingProject.js';

const DAY_MS = 86_400_000;

function value<T>(answer: CallResult): T {
  if (!answer.ok) throw new Error(`${answer.error.code}: ${answer.error.message}`);
  return answer.value as T;
}

function refusal(answer: CallResult): { code: string; message: string } {
  if (answer.ok) throw new Error(`expected a refusal, got ${JSON.stringify(answer.value)}`);
  return answer.error;
}

/** A 40×30 mask, all road, as the editor sends it. */
function roadMask() {
  return { width: 40, height: 30, encoding: 'deflate' as const, data: deflateSync(new Uint8Array(1200).fill(1)).toString('base64') };
}

describe('lab people: sign-ins, acting as oneself, leases', () => {
  const temp = makeTempDir();
  const clock = { now: Date.parse('2026-03-01T09:00:00Z') };
  let core: Core;
  let setId: number;
  let ana: Credential;
  let ben: Credential;
  let anaId: number;
  const call = (method: string, input: unknown, credential?: Credential) => core.call(method, input, credential);

  beforeAll(async () => {
    const dir = join(temp.dir, 'p');
    ({ setId } = await seedRatingProject(dir, 6));
    core = createCore({ host: headlessHost('server'), userDataDir: join(temp.dir, 'home'), listRecent: false, clock: () => clock.now });
    value(await call('project.open', { dir }));
    const a = value<{ token: string; person: { id: number } }>(await call('people.add', { name: 'Ana', roles: ['annotator'], expiresInDays: 30 }));
    const b = value<{ token: string }>(await call('people.add', { name: 'Ben', roles: ['annotator', 'reviewer'] }));
    ana = { kind: 'signIn', token: a.token };
    ben = { kind: 'signIn', token: b.token };
    anaId = a.person.id;
  });
  afterAll(async () => {
    await core.dispose();
    temp.cleanup();
  });

  it('knows who a sign-in is, and refuses a wrong one with what to do', async () => {
    expect(value(await call('lab.me', {}, ana))).toMatchObject({ kind: 'person', person: { name: 'Ana', roles: ['annotator'] } });
    expect(value(await call('lab.me', {}))).toEqual({ kind: 'local' });
    const wrong = refusal(await call('project.stats', {}, { kind: 'signIn', token: 'not-a-real-token-at-all-0000000000' }));
    expect(wrong).toEqual({ code: 'not_signed_in', message: expect.stringContaining('Ask a lab admin for a new sign-in link') });
  });

  it('takes the rater and author from the sign-in, never from what the client sends', async () => {
    const [first] = value<{ items: { imageId: number }[] }>(await call('rating.queue', { setId })).items;
    value(await call('rating.rate', { setId, imageId: first!.imageId, rater: 'Mallory', score: 2, outOfDomain: false, timeMs: 900 }, ana));
    const { progress } = value<{ progress: { raters: { name: string; rated: number }[] } }>(await call('rating.queue', { setId }));
    expect(progress.raters).toEqual([{ name: 'Ana', rated: 1, timeMs: 900 }]);
    const people = value<{ name: string }[]>(await call('people.list', {}));
    expect(people.map((p) => p.name)).not.toContain('Mallory');

    const version = value<{ authorId: number; authorName: string }>(
      await call('annotations.submit', { imageId: first!.imageId, authorId: 999, origin: 'scratch', timeMs: 100, mask: roadMask() }, ana),
    );
    expect(version).toMatchObject({ authorId: anaId, authorName: 'Ana' });
  });

  it('hands two people different images and refuses a write on an image someone else holds, storing nothing', async () => {
    const a = value<{ imageId: number }>(await call('rating.claim', { setId }, ana));
    const b = value<{ imageId: number }>(await call('rating.claim', { setId }, ben));
    expect(a.imageId).not.toBeNull();
    expect(b.imageId).not.toBe(a.imageId);
    const before = value<{ ratings: number }>(await call('project.stats', {}));
    const taken = refusal(await call('rating.rate', { setId, imageId: a.imageId, rater: 'Ben', score: 4, outOfDomain: false, timeMs: 10 }, ben));
    expect(taken).toEqual({ code: 'leased', message: expect.stringMatching(/^Ana is working on this image \(until \d\d:\d\d UTC unless they carry on\); take the next one\.$/) });
    expect(value<{ ratings: number }>(await call('project.stats', {})).ratings).toBe(before.ratings);
  });

  it('frees an image once rated, so a second rater may rate it too (several ratings per candidate for MOS)', async () => {
    const a = value<{ imageId: number }>(await call('rating.claim', { setId }, ana));
    value(await call('rating.rate', { setId, imageId: a.imageId, score: 3, outOfDomain: false, timeMs: 10 }, ana));
    value(await call('rating.claim', { setId, imageId: a.imageId }, ben));
    value(await call('rating.rate', { setId, imageId: a.imageId, score: 4, outOfDomain: false, timeMs: 10 }, ben));
    const summary = value<{ items: { imageId: number; ratings: number }[] }>(await call('rating.summary', { setId }));
    expect(summary.items.find((i) => i.imageId === a.imageId)?.ratings).toBe(2);
  });

  it('lets someone take over an image whose holder left, once the lease lapses', async () => {
    const images = value<{ items: { image: { id: number } }[] }>(await call('annotations.queue', { filter: 'unlabelled' })).items;
    const imageId = images[0]!.image.id;
    value(await call('annotations.claim', { imageId }, ana));
    expect(refusal(await call('annotations.claim', { imageId }, ben)).code).toBe('leased');
    expect(refusal(await call('annotations.saveDraft', { imageId, authorId: 1, origin: 'scratch', timeMs: 5, mask: roadMask() }, ben)).code).toBe('leased');
    clock.now += LEASE_TTL_MS;
    expect(value(await call('annotations.claim', { imageId }, ben))).toMatchObject({ imageId });
    expect(refusal(await call('annotations.saveDraft', { imageId, authorId: anaId, origin: 'scratch', timeMs: 5, mask: roadMask() }, ana)).code).toBe('leased');
  });

  it('refuses a lease on an image that does not exist or is not in the set', async () => {
    expect(refusal(await call('annotations.claim', { imageId: 9999 }, ana))).toEqual({ code: 'not_found', message: 'There is no image 9999 in this project.' });
    expect(refusal(await call('rating.claim', { setId, imageId: 9999 }, ana)).code).toBe('not_found');
  });

  it('keeps a lease alive while its holder works on the image', async () => {
    const images = value<{ items: { image: { id: number } }[] }>(await call('annotations.queue', { filter: 'unlabelled' })).items;
    const imageId = images.at(-1)!.image.id;
    value(await call('annotations.claim', { imageId }, ana));
    for (let i = 0; i < 3; i++) {
      clock.now += LEASE_TTL_MS - 1000;
      value(await call('annotations.saveDraft', { imageId, authorId: anaId, origin: 'scratch', timeMs: 5, mask: roadMask() }, ana));
    }
    expect(refusal(await call('annotations.claim', { imageId }, ben)).code).toBe('leased');
    value(await call('annotations.submit', { imageId, authorId: anaId, origin: 'scratch', timeMs: 5, mask: roadMask() }, ana));
    value(await call('annotations.claim', { imageId }, ben));
  });

  it('tells every client what someone stored, naming them', async () => {
    const heard: unknown[] = [];
    const off = core.subscribe((name, payload) => {
      if (name === 'lab.activity') heard.push(payload);
    });
    const lease = value<{ imageId: number }>(await call('rating.claim', { setId }, ben));
    value(await call('rating.rate', { setId, imageId: lease.imageId, score: 1, outOfDomain: false, timeMs: 10 }, ben));
    off();
    expect(heard).toEqual([{ action: 'rated', by: 'Ben', setId, imageId: lease.imageId }]);
  });

  it('stops a replaced, removed or expired sign-in at the next call', async () => {
    const old = ana;
    const renewed = value<{ token: string }>(await call('people.link', { name: 'Ana', expiresInDays: 1 }));
    expect(refusal(await call('lab.me', {}, old)).code).toBe('not_signed_in');
    const fresh: Credential = { kind: 'signIn', token: renewed.token };
    expect(value(await call('lab.me', {}, fresh))).toMatchObject({ kind: 'person' });
    clock.now += DAY_MS;
    expect(refusal(await call('lab.me', {}, fresh))).toEqual({ code: 'not_signed_in', message: expect.stringMatching(/^Your sign-in expired on .*Ask a lab admin/) });

    value(await call('people.remove', { name: 'Ben' }));
    expect(refusal(await call('lab.me', {}, ben)).code).toBe('not_signed_in');
    const accounts = value<{ name: string; roles: string[]; signInExpiresAt: string | null }[]>(await call('people.accounts', {}));
    expect(accounts.find((p) => p.name === 'Ben')).toMatchObject({ roles: [], signInExpiresAt: null });
    // Their work stays theirs.
    const summary = value<{ progress: { raters: { name: string }[] } }>(await call('rating.queue', { setId }));
    expect(summary.progress.raters.map((r) => r.name)).toContain('Ben');
  });

  it('refuses a sign-in for someone removed until an admin gives them roles again', async () => {
    expect(refusal(await call('people.link', { name: 'Ben' }))).toEqual({ code: 'invalid_input', message: expect.stringContaining('Ben has no roles') });
    expect(refusal(await call('people.link', { name: 'Zed' })).code).toBe('not_found');
  });
});
