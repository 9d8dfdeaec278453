#!/usr/bin/env node
// Fails when the dependency tree holds more than one onnxruntime-node. transformers.js pins its own
// version; a second copy would load a second native runtime into the same process (two thread
// pools, two CUDA contexts, and sessions that cannot share tensors). package.json's `overrides`
// forces one copy; this check catches an upgrade that breaks that.
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

// The project root: this script's parent folder, or the folder given as the first argument.
const root = process.argv[2] ?? join(fileURLToPath(new URL('.', import.meta.url)), '..');

function* packageDirs(nodeModules) {
  if (!existsSync(nodeModules)) return;
  for (const entry of readdirSync(nodeModules, { withFileTypes: true })) {
    if (!entry.isDirectory() || entry.name.startsWith('.')) continue;
    const dir = join(nodeModules, entry.name);
    if (entry.name.startsWith('@')) {
      for (const scoped of readdirSync(dir, { withFileTypes: true })) if (scoped.isDirectory()) yield* withNested(join(dir, scoped.name));
    } else {
      yield* withNested(dir);
    }
  }
}

function* withNested(dir) {
  yield dir;
  yield* packageDirs(join(dir, 'node_modules'));
}

function onnxruntimeCopies(projectRoot) {
  const copies = [];
  for (const dir of packageDirs(join(projectRoot, 'node_modules'))) {
    const manifest = join(dir, 'package.json');
    if (!existsSync(manifest)) continue;
    const { name, version } = JSON.parse(readFileSync(manifest, 'utf8'));
    if (name === 'onnxruntime-node') copies.push({ path: relative(projectRoot, dir), version });
  }
  return copies;
}

const copies = onnxruntimeCopies(root);
if (copies.length !== 1) {
  console.error(`Expected exactly one onnxruntime-node, found ${copies.length}: ${copies.map((c) => `${c.path} (${c.version})`).join(', ') || 'none'}.`);
  console.error('Pin onnxruntime-node in package.json to the version @huggingface/transformers depends on; `overrides` then keeps one copy.');
  process.exit(1);
}
console.log(`One onnxruntime-node: ${copies[0].path} ${copies[0].version}`);
