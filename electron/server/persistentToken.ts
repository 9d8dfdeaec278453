import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const TOKEN_FILE = 'serve-token';

/**
 * The server's token kept across restarts, so open tabs reconnect (and retry their unanswered
 * calls) after the server comes back. Readable by the user only: whoever reads it can use the app.
 */
export function loadOrCreateToken(userDataDir: string): string {
  const path = join(userDataDir, TOKEN_FILE);
  try {
    const stored = readFileSync(path, 'utf8').trim();
    if (/^[\w-]{32,}$/.test(stored)) return stored;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  mkdirSync(userDataDir, { recursive: true });
  const token = randomBytes(24).toString('base64url');
  writeFileSync(path, `${token}\n`, { mode: 0o600 });
  return token;
}
