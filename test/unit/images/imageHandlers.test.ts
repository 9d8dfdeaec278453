import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createClient, type Client } from '../../../shared/client/createClient.js';
import { createCore, type Core } from '../../../electron/core/createCore.js';
import { headlessHost } from '../../../electron/core/host/hostServices.js';
import { makeTempDir } from '../../helpers/tempDir.js';
import { inProcessTransport } from '../../helpers/wsClientTransport.js';
import { makeJpeg, makePng, writeFile } from './imageCorpus.js';

describe('image methods', () => {
  let temp: ReturnType<typeof makeTempDir>;
  let core: Core;
  let client: Client;
  beforeEach(async () => {
    temp = makeTempDir();
    core = createCore({ host: headlessHost('in-process'), userDataDir: join(temp.dir, 'home') });
    client = createClient(inProcessTransport(core));
    await client.call('project.create', { dir: join(temp.dir, 'project') });
  });
  afterEach(async () => {
    await core.dispose();
    temp.cleanup();
  });

  /** Resolves with the last progress event of a job once it has ended. */
  function finished(jobId: string) {
    return new Promise<{ done: number; total: number | null; state: string }>((resolve) => {
      const off = client.on('job.progress', (event) => {
        if (event.jobId === jobId && event.state !== 'running') {
          off();
          resolve(event);
        }
      });
    });
  }

  it('imports a folder as a job and serves its status, failures and thumbnails', async () => {
    const source = join(temp.dir, 'source');
    writeFile(source, 'a.jpg', await makeJpeg(40, 30, 1));
    writeFile(source, 'sub/b.png', await makePng(30, 40, 2));
    writeFile(source, 'broken.png', 'no png here');

    const { jobId, runId } = await client.call('images.import', { folder: source });
    const end = await finished(jobId);

    expect(end).toMatchObject({ state: 'done', done: 3, total: 3 });
    const status = await client.call('images.importStatus', { jobId });
    expect(status).toMatchObject({ runId, state: 'done', split: 'pool', found: 3, walkDone: true, processed: 3, imported: 2, duplicates: 0, failed: 1 });
    const failures = await client.call('images.importFailures', { runId });
    expect(failures.total).toBe(1);
    expect(failures.items[0]).toMatchObject({ folder: source, relPath: 'broken.png', kind: 'image', code: 'not_an_image' });

    const { items } = await client.call('images.list', { split: 'pool' });
    // Listed by the path each had in the imported folder; the stored copy is named by its content hash.
    expect(items.map((i) => i.sourcePath).sort()).toEqual(['a.jpg', 'sub/b.png']);
    for (const i of items) expect(i.relPath).toBe(`images/${i.contentHash.slice(0, 2)}/${i.contentHash}${i.relPath.slice(i.relPath.lastIndexOf('.'))}`);
    const thumbs = await client.call('images.thumbnails', { ids: [...items.map((i) => i.id), 999] });
    expect(thumbs.map((t) => t.sourcePath).sort()).toEqual(['a.jpg', 'sub/b.png']);
    for (const t of thumbs) expect(t.dataUrl).toMatch(/^data:image\/webp;base64,UklGR/);
    expect(await client.call('project.stats')).toMatchObject({ images: 2 });
  });

  it('answers a missing folder at once with not_found, and an unknown job with null', async () => {
    await expect(client.call('images.import', { folder: join(temp.dir, 'missing') })).rejects.toMatchObject({
      code: 'not_found',
      message: `There is no image folder ${join(temp.dir, 'missing')}.`,
    });
    expect(await client.call('images.importStatus', { jobId: 'nope' })).toBeNull();
    await expect(client.call('images.thumbnails', { ids: Array.from({ length: 201 }, (_, i) => i + 1) })).rejects.toMatchObject({ code: 'invalid_input' });
  });

  it('can be cancelled through jobs.cancel and reports the state', async () => {
    const source = join(temp.dir, 'source');
    for (let i = 0; i < 30; i++) writeFile(source, `img${i}.png`, await makePng(24, 24, i + 1));
    const { jobId } = await client.call('images.import', { folder: source });
    const end = finished(jobId);
    expect(await client.call('jobs.cancel', { jobId })).toEqual({ cancelled: true });
    expect((await end).state).toBe('cancelled');
    const status = await client.call('images.importStatus', { jobId });
    expect(status?.state).toBe('cancelled');
    expect(status!.imported).toBeLessThan(30);
    expect((await client.call('images.list', {})).total).toBe(status!.imported);
  });
});
