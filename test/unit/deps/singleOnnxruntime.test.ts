import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '../../helpers/tempDir.js';

const root = join(import.meta.dirname, '..', '..', '..');
const script = join(root, 'scripts', 'check-single-onnxruntime.js');
const temp = makeTempDir();
afterAll(() => temp.cleanup());

function fakePackage(dir: string, name: string, version: string): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name, version }));
}

describe('one onnxruntime-node in the dependency tree', () => {
  it('holds exactly one copy, the version transformers.js pins and package.json names', () => {
    expect(execFileSync(process.execPath, [script], { encoding: 'utf8' })).toMatch(/^One onnxruntime-node: node_modules\/onnxruntime-node 1\.\d+\.\d+/);
    const ours = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { dependencies: Record<string, string>; overrides: Record<string, string> };
    const transformers = JSON.parse(readFileSync(join(root, 'node_modules', '@huggingface', 'transformers', 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
    const installed = JSON.parse(readFileSync(join(root, 'node_modules', 'onnxruntime-node', 'package.json'), 'utf8')) as { version: string };
    expect(ours.dependencies['onnxruntime-node']).toBe(transformers.dependencies['onnxruntime-node']);
    expect(installed.version).toBe(ours.dependencies['onnxruntime-node']);
    expect(ours.overrides['onnxruntime-node']).toBe('$onnxruntime-node');
  });

  it('transformers.js resolves the same onnxruntime-node the inference pool loads', () => {
    const fromTransformers = createRequire(createRequire(join(root, 'package.json')).resolve('@huggingface/transformers')).resolve('onnxruntime-node');
    const fromUs = createRequire(join(root, 'package.json')).resolve('onnxruntime-node');
    expect(dirname(fromTransformers)).toBe(dirname(fromUs));
  });

  it('fails, naming both copies, when a nested copy appears', () => {
    const fake = join(temp.dir, 'project');
    fakePackage(join(fake, 'node_modules', 'onnxruntime-node'), 'onnxruntime-node', '1.30.0');
    fakePackage(join(fake, 'node_modules', '@huggingface', 'transformers', 'node_modules', 'onnxruntime-node'), 'onnxruntime-node', '1.29.0');
    const run = spawnSync(process.execPath, [script, fake], { encoding: 'utf8' });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('found 2:');
    expect(run.stderr).toContain('node_modules/onnxruntime-node (1.30.0)');
    expect(run.stderr).toContain('node_modules/@huggingface/transformers/node_modules/onnxruntime-node (1.29.0)');
  });
});
