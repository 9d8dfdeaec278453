import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { colourCard, colourModel, writeModel } from '../../fixtures/models/tinyModels.js';
import { CLI_BIN } from '../../helpers/runCliProcess.js';
import { makeTempDir } from '../../helpers/tempDir.js';
import { V2TestServer } from '../../helpers/v2TestServer.js';

/** The built CLI as a process, without blocking this thread: the loopback server in it must answer. */
async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [CLI_BIN, ...args], { encoding: 'utf8', timeout: 120_000 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : -1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

const temp = makeTempDir();
const servers: V2TestServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

describe('faultline models add-remote and export-triton', () => {
  it('exports the local model as a Triton repository, registers it back from a server under its card, and refuses an unknown version in one line', async () => {
    const dir = join(temp.dir, 'project');
    expect((await cli(['init', dir])).code).toBe(0);
    const bytes = colourModel({ downsample: 2 });
    const files = writeModel(join(temp.dir, 'src'), 'colour', bytes, colourCard());
    expect((await cli(['models', 'add', dir, files.onnxPath, '--card', files.cardPath])).code).toBe(0);

    const repo = join(temp.dir, 'repo');
    const exported = await cli(['export-triton', dir, repo]);
    expect(exported.stdout).toContain(`Wrote 1 Triton model to ${repo}:`);
    expect(exported.stdout).toContain('docker run');
    expect(existsSync(join(repo, 'colour', 'config.pbtxt'))).toBe(true);
    expect(existsSync(join(repo, 'colour', '1', 'model.onnx'))).toBe(true);

    const a = await V2TestServer.start({ models: [{ name: 'colour', version: '1', bytes }] });
    const b = await V2TestServer.start({ models: [{ name: 'colour', version: '1', bytes }] });
    servers.push(a, b);
    const refused = await cli(['models', 'add-remote', dir, a.url, 'colour', '--model-version', '5']);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr.trim().split('\n')).toHaveLength(1);
    expect(refused.stderr).toContain("has no model colour version 5 (HTTP 404: Request for unknown model: 'colour' version 5 is not found)");

    const added = await cli(['models', 'add-remote', dir, `${a.url},${b.url}`, 'colour', '--concurrency', '3']);
    expect(added.stderr).toBe('');
    expect(added.stdout).toContain(`Added colour 1.0+remote as model 2`);
    expect(added.stdout).toContain(`served as colour by ${a.url} (3 at once), ${b.url} (3 at once)`);
    const list = JSON.parse((await cli(['models', 'list', dir, '--json'])).stdout) as Array<{ id: number; provider: string; remote: unknown }>;
    expect(list.find((m) => m.id === 2)).toMatchObject({ provider: 'remote', remote: { servedName: 'colour', servedVersion: null, binary: true, endpoints: [{ url: a.url, concurrency: 3 }, { url: b.url, concurrency: 3 }] } });

    const again = await cli(['export-triton', dir, join(temp.dir, 'repo2')]);
    expect(again.stdout).toContain('left out: colour 1.0+remote (model 2): served remotely already');
  });
});
