import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createCore, headlessHost } from '../../../electron/core/index.js';
import { makeTempDir } from '../../helpers/tempDir.js';

describe('switching projects while a job runs', () => {
  const temp = makeTempDir();
  afterAll(() => temp.cleanup());

  it('refuses to open, create or replace the project under a running job, naming the job, and the job finishes on its project', async () => {
    const core = createCore({ host: headlessHost('server'), userDataDir: join(temp.dir, 'home') });
    const first = join(temp.dir, 'first');
    const second = join(temp.dir, 'second');
    expect((await core.call('project.create', { dir: second })).ok).toBe(true);
    expect((await core.call('project.create', { dir: first })).ok).toBe(true);

    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const job = core.jobs.start('inference', async () => {
      await held;
      return core.session.require().dir;
    });

    for (const [method, input] of [
      ['project.open', { dir: second }],
      ['project.create', { dir: join(temp.dir, 'third') }],
      ['project.openDemo', {}],
    ] as const) {
      const answer = await core.call(method, input);
      expect(answer.ok, method).toBe(false);
      if (!answer.ok) {
        expect(answer.error.code).toBe('invalid_input');
        expect(answer.error.message).toContain('inference');
      }
    }
    const again = await core.call('project.open', { dir: first });
    expect(again.ok).toBe(true);

    release();
    expect(await job.done).toBe(first);
    expect((await core.call('project.open', { dir: second })).ok).toBe(true);
    await core.dispose();
  });
});
