import { spawn, spawnSync, type SpawnSyncOptions } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const CLI_BIN = fileURLToPath(new URL('../../bin/faultline.js', import.meta.url));

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the built CLI (`npm run build` first) as a real process, exactly as `npx faultline` does. */
export function runCli(args: string[], options: SpawnSyncOptions = {}): CliResult {
  const result = spawnSync(process.execPath, [CLI_BIN, ...args], { encoding: 'utf8', timeout: 60_000, ...options });
  return { status: result.status, stdout: String(result.stdout ?? ''), stderr: String(result.stderr ?? '') };
}

/** Starts `faultline serve` and resolves with its URL once it prints the line users open. */
export async function startServeProcess(args: string[], env: NodeJS.ProcessEnv = process.env, cwd?: string) {
  const child = spawn(process.execPath, [CLI_BIN, 'serve', '--port', '0', ...args], { env, stdio: ['ignore', 'pipe', 'pipe'], ...(cwd ? { cwd } : {}) });
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += String(d)));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve did not start: ${stderr}`)), 30_000);
    child.stdout.on('data', (d) => {
      stdout += String(d);
      const match = /http:\/\/\S+\?token=\S+/.exec(stdout);
      if (match) {
        clearTimeout(timer);
        resolve(match[0]);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`serve exited with ${code}: ${stderr}`));
    });
  });
  return {
    url,
    child,
    output: () => ({ stdout, stderr }),
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}
