import { describe, expect, it } from 'vitest';
import { CallJournal, DEFAULT_JOURNAL_LIMITS, type CallJournalLimits } from '../../../electron/server/callJournal.js';
import type { CallResult } from '../../../shared/contract/wire.js';

/** A method body that counts its runs and answers when the test says so. */
function gatedMethod(value: unknown) {
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const method = {
    runs: 0,
    release,
    execute: async (): Promise<CallResult> => {
      method.runs++;
      await gate;
      return { ok: true, value };
    },
  };
  return method;
}

const answered = (value: unknown): (() => Promise<CallResult>) => async () => ({ ok: true, value });

function journalWith(limits: Partial<CallJournalLimits>, clock = { now: 0 }) {
  return new CallJournal({ ...DEFAULT_JOURNAL_LIMITS, ...limits }, () => clock.now);
}

describe('call journal', () => {
  it('attaches a retry of a still-running call to the first attempt instead of running it again', async () => {
    const journal = new CallJournal();
    const rate = gatedMethod({ rated: 1 });
    const first = journal.run('r1', 'rating.rate', rate.execute);
    const retry = journal.run('r1', 'rating.rate', rate.execute);
    rate.release();
    expect(await first).toBe('{"ok":true,"value":{"rated":1}}');
    expect(await retry).toBe(await first);
    expect(rate.runs).toBe(1);
  });

  it('answers a retry of a finished call from the cache without running it again', async () => {
    const journal = new CallJournal();
    let runs = 0;
    const execute = async (): Promise<CallResult> => ({ ok: true, value: ++runs });
    expect(await journal.run('r1', 'rating.rate', execute)).toBe('{"ok":true,"value":1}');
    expect(await journal.run('r1', 'rating.rate', execute)).toBe('{"ok":true,"value":1}');
    expect(runs).toBe(1);
    expect(await journal.run('r2', 'rating.rate', execute)).toBe('{"ok":true,"value":2}');
  });

  it('keeps a failed answer too, so a retried refusal is refused alike and not re-run', async () => {
    const journal = new CallJournal();
    let runs = 0;
    const refuse = async (): Promise<CallResult> => ({ ok: false, error: { code: 'read_only', message: `refused ${++runs}` } });
    await journal.run('r1', 'annotations.submit', refuse);
    expect(JSON.parse(await journal.run('r1', 'annotations.submit', refuse))).toEqual({ ok: false, error: { code: 'read_only', message: 'refused 1' } });
    expect(runs).toBe(1);
  });

  it('refuses a request id reused for another method, without running it', async () => {
    const journal = new CallJournal();
    await journal.run('r1', 'rating.rate', answered(1));
    let ran = false;
    const reply = JSON.parse(
      await journal.run('r1', 'annotations.submit', async () => {
        ran = true;
        return { ok: true, value: 2 };
      }),
    );
    expect(reply).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(reply.error.message).toContain('rating.rate');
    expect(ran).toBe(false);
  });

  it('forgets the oldest answers beyond the entry limit', async () => {
    const journal = journalWith({ maxEntries: 2 });
    for (const id of ['a', 'b', 'c']) await journal.run(id, 'm', answered(id));
    expect(journal.size).toBe(2);
    expect(await journal.run('b', 'm', answered('again'))).toBe('{"ok":true,"value":"b"}');
    expect(await journal.run('a', 'm', answered('again'))).toBe('{"ok":true,"value":"again"}');
  });

  it('forgets answers older than the age limit', async () => {
    const clock = { now: 0 };
    const journal = journalWith({ maxAgeMs: 1000 }, clock);
    await journal.run('old', 'm', answered(1));
    clock.now = 600;
    await journal.run('young', 'm', answered(2));
    clock.now = 1100;
    expect(await journal.run('young', 'm', answered('again'))).toBe('{"ok":true,"value":2}');
    expect(await journal.run('old', 'm', answered('again'))).toBe('{"ok":true,"value":"again"}');
  });

  it('does not keep an answer over the per-entry size, and keeps the total size within its limit', async () => {
    // {"ok":true,"value":"xxxx"} is 22 characters plus the value's length.
    const journal = journalWith({ maxEntryChars: 40, maxChars: 70 });
    await journal.run('big', 'images.thumbnails', answered('x'.repeat(30)));
    expect(journal.size).toBe(0);
    await journal.run('a', 'm', answered('x'.repeat(10)));
    await journal.run('b', 'm', answered('x'.repeat(10)));
    expect(journal.size).toBe(2);
    await journal.run('c', 'm', answered('x'.repeat(10)));
    expect(journal.size).toBe(2);
    expect(await journal.run('a', 'm', answered('again'))).toBe('{"ok":true,"value":"again"}');
  });

  it('lets a request id run again after its first attempt threw', async () => {
    const journal = new CallJournal();
    await expect(journal.run('r1', 'm', () => Promise.reject(new Error('host bug')))).rejects.toThrow('host bug');
    expect(await journal.run('r1', 'm', answered('ok'))).toBe('{"ok":true,"value":"ok"}');
  });
});
