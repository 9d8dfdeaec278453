// `npm start` rebuilds only the parts whose sources changed since their last build: a start with
// nothing changed takes a fraction of a second here instead of a full TypeScript and Vite build.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, utimesSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Each part, the sources it is built from, and the file whose time says when it was last built.
 * `build:node` keeps TypeScript's incremental state in dist/node.tsbuildinfo, so a change
 * recompiles only what it touches; Vite rebuilds the renderer whole.
 */
const PARTS = [
  {
    script: 'build:node',
    label: 'TypeScript (core, CLI, server)',
    inputs: ['electron', 'shared', 'models', 'tsconfig.node.json', 'tsconfig.base.json', 'package-lock.json'],
    stamp: 'dist/node.tsbuildinfo',
  },
  {
    script: 'build:renderer',
    label: 'Renderer (Vite)',
    inputs: ['renderer', 'shared', 'package-lock.json'],
    stamp: 'dist/renderer/index.html',
  },
];

/** Sources under PATH (files, and folders whose entries changed) changed after TIME (ms). */
function changedSince(path, time, found = []) {
  if (!existsSync(path)) return found;
  const stat = statSync(path);
  // A folder's own time changes when a file in it is added, removed or renamed.
  if (stat.mtimeMs > time) found.push(path);
  if (!stat.isDirectory()) return found;
  for (const entry of readdirSync(path)) {
    if (entry === 'node_modules' || entry.startsWith('.')) continue;
    changedSince(join(path, entry), time, found);
  }
  return found;
}

function seconds(since) {
  return `${((performance.now() - since) / 1000).toFixed(1)} s`;
}

/** Builds the parts that need it, saying which and how long each took; exits the process if a build fails. */
export function buildIfChanged(root) {
  for (const part of PARTS) {
    const stamp = join(root, part.stamp);
    const builtAt = existsSync(stamp) ? statSync(stamp).mtimeMs : -1;
    const changed = part.inputs.flatMap((input) => changedSince(join(root, input), builtAt));
    if (builtAt >= 0 && changed.length === 0) {
      console.log(`  ${part.label}: up to date`);
      continue;
    }
    const why = builtAt < 0 ? 'not built yet' : `${changed.length} file${changed.length === 1 ? '' : 's'} changed`;
    console.log(`  ${part.label}: ${why}, building…`);
    const started = performance.now();
    const result = spawnSync('npm', ['run', '--silent', part.script], { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' });
    if (result.status !== 0) {
      console.error(`The ${part.label} build failed (see above); fix it and run \`npm start\` again.`);
      process.exit(result.status ?? 1);
    }
    // TypeScript leaves its state file alone when nothing needed emitting; the time marks this check.
    const now = new Date();
    utimesSync(stamp, now, now);
    console.log(`  ${part.label}: built in ${seconds(started)}`);
  }
}
