import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadOrCreateToken } from '../../../electron/server/persistentToken.js';
import { makeTempDir } from '../../helpers/tempDir.js';

describe('the token kept across server restarts', () => {
  const inTemp = (check: (dir: string) => void): void => {
    const temp = makeTempDir();
    try {
      check(temp.dir);
    } finally {
      temp.cleanup();
    }
  };

  it('is made once in a folder that does not exist yet, readable by the user only, and read back on every later start', () =>
    inTemp((dir) => {
    const home = join(dir, 'home', 'faultline');
    const first = loadOrCreateToken(home);
    expect(first).toMatch(/^[\w-]{32,}$/);
    expect(statSync(join(home, 'serve-token')).mode & 0o777).toBe(0o600);
    expect(loadOrCreateToken(home)).toBe(first);
    }));

  it('replaces a damaged token file with a new token', () =>
    inTemp((dir) => {
    writeFileSync(join(dir, 'serve-token'), 'short\n');
    const token = loadOrCreateToken(dir);
    expect(token).not.toBe('short');
    expect(readFileSync(join(dir, 'serve-token'), 'utf8').trim()).toBe(token);
    }));
});
