import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';

/** Numbered `.dcm` paths in a folder of one test file's own, removed after its tests. */
export function scratchDicomFiles(prefix: string): { nextPath(): string; write(bytes: Uint8Array): string } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  let n = 0;
  const nextPath = (): string => join(dir, `f${n++}.dcm`);
  return {
    nextPath,
    write(bytes) {
      const path = nextPath();
      writeFileSync(path, bytes);
      return path;
    },
  };
}
