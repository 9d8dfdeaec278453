#!/usr/bin/env node
// Runs one benchmark of test/bench/ by name (`npm run bench -- mining`), or lists them.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const benchDir = join(root, 'test', 'bench');
const names = readdirSync(benchDir).filter((f) => f.endsWith('.ts')).map((f) => f.slice(0, -3)).sort();
const [name, ...rest] = process.argv.slice(2);
if (!name || !names.includes(name)) {
  process.stderr.write(`${name ? `There is no benchmark "${name}". ` : ''}Run one with \`npm run bench -- NAME [ARGS]\`; NAME is one of: ${names.join(', ')}.\n`);
  process.exit(name ? 2 : 0);
}
const tsx = join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs');
if (!existsSync(tsx)) {
  process.stderr.write('tsx is missing: run `npm ci` first.\n');
  process.exit(2);
}
const run = spawnSync(process.execPath, [tsx, join(benchDir, `${name}.ts`), ...rest], { stdio: 'inherit' });
process.exit(run.status ?? 1);
