import { homedir } from 'node:os';
import { join } from 'node:path';

/** Where per-user state lives (recent projects, the demo project): FAULTLINE_HOME, else the platform's convention. */
export function defaultUserDataDir(): string {
  if (process.env.FAULTLINE_HOME) return process.env.FAULTLINE_HOME;
  if (process.platform === 'win32') return join(process.env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'Faultline');
  if (process.platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'Faultline');
  return join(process.env.XDG_DATA_HOME ?? join(homedir(), '.local', 'share'), 'faultline');
}
