import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..', '..');
const cliDir = join(root, 'electron', 'cli');
const coreDir = join(root, 'electron', 'core');
const coreEntry = join(coreDir, 'index.ts');

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return tsFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** Every module specifier a file imports or re-exports, static or dynamic. */
function specifiers(source: string): string[] {
  const found: string[] = [];
  for (const match of source.matchAll(/(?:^|[\s;])(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\s*\(\s*['"]([^'"]+)['"]\s*\)|^\s*import\s*['"]([^'"]+)['"]/gm)) {
    found.push((match[1] ?? match[2] ?? match[3])!);
  }
  return found;
}

describe('the CLI is a client of the contract', () => {
  it('imports nothing under electron/core except its public entry, electron/core/index.ts', () => {
    const files = tsFiles(cliDir);
    expect(files.length).toBeGreaterThan(10);
    const offending: string[] = [];
    for (const file of files) {
      for (const spec of specifiers(readFileSync(file, 'utf8'))) {
        if (!spec.startsWith('.')) continue;
        const target = resolve(dirname(file), spec).replace(/\.js$/, '.ts');
        if (target.startsWith(`${coreDir}/`) && target !== coreEntry) offending.push(`${relative(root, file)} → ${spec}`);
      }
    }
    expect(offending).toEqual([]);
  });

  it('finds the imports it checks', () => {
    expect(specifiers("import { a } from '../x.js';\nimport type { B } from \"./y.js\";\nexport { c } from '../z.js';\nconst m = await import('../w.js');")).toEqual([
      '../x.js',
      './y.js',
      '../z.js',
      '../w.js',
    ]);
  });
});
