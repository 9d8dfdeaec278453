import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..', '..');

/** What loading a file loads at once: static imports and re-exports; neither `import type` nor `import()`. */
function loadedAtOnce(source: string): string[] {
  return [...source.matchAll(/^\s*(?:import|export)\s+(?!type\s)[^'"]*?from\s*['"]([^'"]+)['"]|^\s*import\s*['"]([^'"]+)['"]/gm)].map((m) => (m[1] ?? m[2])!);
}

/** Every project file and package that loading ENTRY loads before any of its code runs. */
function loadedBy(entry: string): { files: string[]; packages: string[] } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string): void => {
    if (files.has(file)) return;
    files.add(file);
    for (const spec of loadedAtOnce(readFileSync(file, 'utf8'))) {
      if (!spec.startsWith('.')) {
        if (!spec.startsWith('node:')) packages.add(spec);
        continue;
      }
      const target = resolve(dirname(file), spec).replace(/\.js$/, '.ts');
      visit(existsSync(target) ? target : target.replace(/\.ts$/, '.tsx'));
    }
  };
  visit(join(root, entry));
  return { files: [...files].map((f) => relative(root, f)).sort(), packages: [...packages].sort() };
}

describe('CLI start', () => {
  const { files, packages } = loadedBy('electron/cli/main.ts');

  it('loads every command declaration and no action, so --help and --version answer without the core, zod or native runtimes', () => {
    expect(files).toContain('electron/cli/commands/mine.ts');
    expect(files.filter((f) => f.startsWith('electron/core/') || f.startsWith('electron/cli/actions/'))).toEqual([]);
    expect(packages).toEqual(['commander']);
  });

  it('sees through multi-line imports and skips type-only ones', () => {
    expect(loadedAtOnce("import type { A } from './a.js';\nimport {\n  b,\n  type C,\n} from './b.js';\nexport { d } from 'd';\nconst e = await import('./e.js');")).toEqual(['./b.js', 'd']);
  });
});
