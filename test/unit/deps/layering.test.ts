import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..', '..');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.(ts|tsx|cts)$/.test(entry) ? [path] : [];
  });
}

const posix = (path: string): string => path.split('\\').join('/');

/**
 * The unit of layering: a feature folder inside a runtime layer (electron/core/mining,
 * renderer/src/views/rating, shared/mining), else the layer's own folder.
 */
function folderOf(file: string): string {
  const parts = file.split('/').slice(0, -1);
  if (parts[0] === 'electron' && parts[1] === 'core') return parts.slice(0, 3).join('/');
  if (parts[0] === 'renderer' && parts[2] === 'views') return parts.slice(0, 4).join('/');
  if (parts[0] === 'renderer') return parts.slice(0, 3).join('/');
  return parts.slice(0, 2).join('/');
}

interface Edge {
  from: string;
  to: string;
}

function importEdges(): Edge[] {
  const files = ['electron', 'shared', 'models', 'renderer/src'].flatMap((top) => sourceFiles(join(ROOT, top)));
  return files.flatMap((file) => {
    const from = posix(relative(ROOT, file));
    const text = readFileSync(file, 'utf8');
    return [...text.matchAll(/(?:^|\n)\s*(?:import|export)\b[^'"]*?\bfrom\s+['"](\.{1,2}\/[^'"]+)['"]/g)].map((m) => ({
      from,
      to: posix(relative(ROOT, resolve(dirname(file), m[1]!))).replace(/\.js$/, '.ts'),
    }));
  });
}

/** Strongly connected groups of folders: each is a loop of imports between folders. */
function folderLoops(edges: readonly Edge[]): string[][] {
  const graph = new Map<string, Set<string>>();
  for (const { from, to } of edges) {
    const a = folderOf(from);
    const b = folderOf(to);
    if (a === b) continue;
    if (!graph.has(a)) graph.set(a, new Set());
    if (!graph.has(b)) graph.set(b, new Set());
    graph.get(a)!.add(b);
  }
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const loops: string[][] = [];
  const visit = (v: string): void => {
    index.set(v, counter);
    low.set(v, counter++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) !== index.get(v)) return;
    const group: string[] = [];
    let w: string;
    do {
      w = stack.pop()!;
      onStack.delete(w);
      group.push(w);
    } while (w !== v);
    if (group.length > 1) loops.push(group.sort());
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return loops;
}

/**
 * The core's folders from the bottom up: a folder imports only folders of a lower layer, so a
 * feature builds on the ones beneath it and never reaches sideways or up. A new folder must be
 * placed here.
 */
const CORE_LAYERS: readonly (readonly string[])[] = [
  ['store', 'workers', 'events', 'host'],
  ['jobs', 'remote'],
  ['project', 'images'],
  ['models', 'groundTruth', 'merge', 'lab'],
  ['inference', 'annotations'],
  ['assist'],
  ['mining', 'vision-models'],
  ['evaluation', 'rating', 'rounds', 'errors', 'finetune', 'quality', 'export', 'slices'],
  ['demo'],
  ['experiment'],
  ['handlers'],
  ['core'],
];

function coreLayer(file: string): number | null {
  const parts = file.split('/');
  if (parts[0] !== 'electron' || parts[1] !== 'core') return null;
  const folder = parts.length > 3 ? parts[2]! : 'core';
  const layer = CORE_LAYERS.findIndex((names) => names.includes(folder));
  if (layer < 0) throw new Error(`electron/core/${folder} has no layer in CORE_LAYERS: place it there`);
  return layer;
}

const edges = importEdges();
const offending = (from: RegExp, allowed: (to: string) => boolean): string[] =>
  edges.filter((e) => from.test(e.from) && !allowed(e.to)).map((e) => `${e.from} -> ${e.to}`);

describe('layering', () => {
  it('has no loop of imports between folders', () => {
    expect(folderLoops(edges)).toEqual([]);
  });

  it('finds a loop when there is one', () => {
    const loop = [
      { from: 'electron/core/mining/a.ts', to: 'electron/core/rating/b.ts' },
      { from: 'electron/core/rating/b.ts', to: 'electron/core/mining/c.ts' },
      { from: 'electron/core/rating/b.ts', to: 'shared/mining/d.ts' },
    ];
    expect(folderLoops(loop)).toEqual([['electron/core/mining', 'electron/core/rating']]);
  });

  it('lets each core folder import only the layers beneath it', () => {
    const upward = edges.filter((e) => {
      const from = coreLayer(e.from);
      const to = coreLayer(e.to);
      return from !== null && to !== null && folderOf(e.from) !== folderOf(e.to) && to >= from;
    });
    expect(upward.map((e) => `${e.from} -> ${e.to}`)).toEqual([]);
  });

  it('keeps the store beneath every feature: it imports only the database foundation, shared/ and the platform', () => {
    expect(offending(/^electron\/core\/store\//, (to) => /^(electron\/core\/store\/|shared\/|electron\/platform\/)/.test(to))).toEqual([]);
  });

  it('lets the hosts and the CLI reach the core only through its public entry', () => {
    const throughEntry = (to: string): boolean => !to.startsWith('electron/core/') || to === 'electron/core/index.ts';
    expect(offending(/^electron\/(main|server|cli)\//, throughEntry)).toEqual([]);
  });

  it('keeps the Electron shell off the server host, and the demo world off the core', () => {
    expect(offending(/^electron\/main\//, (to) => !to.startsWith('electron/server/'))).toEqual([]);
    expect(offending(/^models\//, (to) => !to.startsWith('electron/') || to.startsWith('electron/platform/'))).toEqual([]);
  });
});
