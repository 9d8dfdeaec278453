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
    /**
     * SIGTERM, as a user's Ctrl+C; a server that has not exited after the grace period is killed, and
     * `clean` says it did not stop by itself (a stalled event loop, a stuck shutdown).
     */
    async stop(graceMs = 60_000): Promise<{ clean: boolean; how: string }> {
      if (child.exitCode !== null || child.signalCode !== null) return { clean: true, how: `had exited (${child.exitCode ?? child.signalCode})` };
      const exited = new Promise<string>((resolve) => child.once('exit', (code, signal) => resolve(String(code ?? signal))));
      child.kill('SIGTERM');
      let timer: ReturnType<typeof setTimeout> | undefined;
      const late = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), graceMs)));
      const how = await Promise.race([exited, late]);
      clearTimeout(timer);
      if (how !== null) return { clean: true, how: `exited (${how}) on SIGTERM` };
      child.kill('SIGKILL');
      return { clean: false, how: `still running ${graceMs / 1000} s after SIGTERM, killed (${await exited})` };
    },
  };
}
