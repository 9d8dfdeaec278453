import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { exportTriton } from '../../../electron/core/export/exportTriton.js';
import { probeInWorker, probeRemoteInWorker } from '../../../electron/core/inference/probeInWorker.js';
import { addRemoteModel } from '../../../electron/core/models/addRemoteModel.js';
import { addModel } from '../../../electron/core/models/modelRegistry.js';
import { loadModel } from '../../../electron/core/store/models.js';
import { createProjectDb, type ProjectDb } from '../../../electron/core/store/openProjectDb.js';
import { colourCard, colourModel, writeModel } from '../../fixtures/models/tinyModels.js';
import { makeTempDir } from '../../helpers/tempDir.js';
import { V2TestServer } from '../../helpers/v2TestServer.js';

let temp: ReturnType<typeof makeTempDir>;
let project: ProjectDb;

beforeEach(() => {
  temp = makeTempDir();
  project = createProjectDb(join(temp.dir, 'project'), 'Triton');
});
afterEach(() => {
  project.close();
  temp.cleanup();
});

describe('export-triton', () => {
  it('writes config.pbtxt and 1/model.onnx per model; a free batch becomes dynamic batching, a fixed one max_batch_size 0', async () => {
    const src = join(temp.dir, 'src');
    await addModel(project, writeModel(src, 'free', colourModel({ downsample: 2 }), colourCard({ name: 'free' })), probeInWorker);
    await addModel(project, writeModel(src, 'fixed', colourModel({ batch: 1 }), colourCard({ name: 'fixed', version: '2 beta' })), probeInWorker);
    const repo = join(temp.dir, 'repo');
    const written = await exportTriton(project, repo);
    expect(written.models.map((m) => m.tritonName).sort()).toEqual(['fixed', 'free']);
    expect(readFileSync(join(repo, 'free', 'config.pbtxt'), 'utf8')).toBe(
      [
        'name: "free"',
        'platform: "onnxruntime_onnx"',
        'max_batch_size: 8',
        'input [\n  {\n    name: "image"\n    data_type: TYPE_FP32\n    dims: [ 3, 6, 8 ]\n  }\n]',
        'output [\n  {\n    name: "logits"\n    data_type: TYPE_FP32\n    dims: [ 3, 3, 4 ]\n  }\n]',
        'dynamic_batching {\n  max_queue_delay_microseconds: 2000\n}',
        'instance_group [\n  {\n    count: 1\n    kind: KIND_AUTO\n  }\n]',
        '',
      ].join('\n'),
    );
    const fixed = readFileSync(join(repo, 'fixed', 'config.pbtxt'), 'utf8');
    expect(fixed).toContain('max_batch_size: 0');
    expect(fixed).toContain('dims: [ 1, 3, 6, 8 ]');
    expect(fixed).not.toContain('dynamic_batching');
    const free = loadModel(project.db, written.models.find((m) => m.tritonName === 'free')!.modelId);
    expect(readFileSync(join(repo, 'free', '1', 'model.onnx'))).toEqual(readFileSync(join(project.dir, free.onnxRelPath)));
  });

  it('serves back: the exported model behind the protocol registers under its Triton name with the local card, and remote models are left out of the next export', async () => {
    const src = join(temp.dir, 'src');
    await addModel(project, writeModel(src, 'a', colourModel(), colourCard({ name: 'colour', version: '1' })), probeInWorker);
    await addModel(project, writeModel(src, 'b', colourModel(), colourCard({ name: 'colour', version: '2' })), probeInWorker);
    const repo = join(temp.dir, 'repo');
    const written = await exportTriton(project, repo);
    expect(written.models.map((m) => m.tritonName).sort()).toEqual(['colour_v1', 'colour_v2']);
    const server = await V2TestServer.start({ models: [{ name: 'colour_v2', version: '1', bytes: readFileSync(join(repo, 'colour_v2', '1', 'model.onnx')) }] });
    try {
      const id = await addRemoteModel(project, { endpoints: [{ url: server.url, concurrency: 1 }], model: 'colour_v2' }, probeRemoteInWorker);
      expect(loadModel(project.db, id)).toMatchObject({ name: 'colour', version: '2+remote' });
      const again = await exportTriton(project, join(temp.dir, 'repo2'));
      expect(again.skipped).toEqual([{ modelId: id, name: 'colour', version: '2+remote', reason: expect.stringMatching(/served remotely/) }]);
    } finally {
      await server.close();
    }
  });
});
