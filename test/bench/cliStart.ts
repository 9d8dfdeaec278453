/**
 * CLI start: CPU time (user + sys) of the built CLI answering `--version` and `--help` (the program's
 * and a subcommand's), against a bare `node -e 0` on the same Node in the same run. `help models add`
 * is the help commander itself prints (it loads commander and every command's declaration), the
 * way every `--help` went before the build wrote the pages. The runs are interleaved so load on the
 * machine falls on every command alike; the figure is the median. Target: `--version` and `--help`
 * under 0.1 s of CPU; on a machine so loaded that bare Node alone takes longer, `bareNodeOverTarget`
 * says so and the ratios are the figure to read. CPU time comes from bash's `times` (Linux, macOS);
 * build first (`npm run build:node`). Prints one JSON object.
 * Run: npm run bench -- cliStart [RUNS, default 5]
 */
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import { CLI_BIN } from '../helpers/runCliProcess.js';

const RUNS = Number(process.argv[2] ?? 5);
const TARGET_CPU_S = 0.1;
const CASES: { name: string; args: string[] }[] = [
  { name: 'node -e 0', args: ['-e', '0'] },
  { name: 'faultline --version', args: [CLI_BIN, '--version'] },
  { name: 'faultline --help', args: [CLI_BIN, '--help'] },
  { name: 'faultline models add --help', args: [CLI_BIN, 'models', 'add', '--help'] },
  { name: 'faultline help models add (commander)', args: [CLI_BIN, 'help', 'models', 'add'] },
];
const TARGETED = new Set(['faultline --version', 'faultline --help', 'faultline models add --help']);

/** Seconds in bash's `times` format, e.g. 0m0.062s. */
function seconds(text: string): number {
  const match = /^(\d+)m([\d.]+)s$/.exec(text);
  if (!match) throw new Error(`Unexpected time "${text}" from bash's times.`);
  return Number(match[1]) * 60 + Number(match[2]);
}

/** CPU (user + sys) and wall seconds of one run of the current Node with ARGS, output discarded. */
function measure(args: string[]): { cpu: number; wall: number } {
  const started = process.hrtime.bigint();
  const run = spawnSync('bash', ['-c', '"$0" "$@" >/dev/null 2>&1 || exit 9; times', process.execPath, ...args], { encoding: 'utf8' });
  const wall = Number(process.hrtime.bigint() - started) / 1e9;
  if (run.status !== 0) throw new Error(`${args.join(' ')} failed (${run.status}): ${run.stderr}`);
  // `times` prints the shell's own times, then its children's.
  const [user, sys] = run.stdout.trim().split('\n')[1]!.trim().split(/\s+/).map(seconds);
  return { cpu: user! + sys!, wall };
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
};

const samples = CASES.map(() => ({ cpu: [] as number[], wall: [] as number[] }));
for (let run = 0; run < RUNS; run++) {
  CASES.forEach((c, i) => {
    const { cpu, wall } = measure(c.args);
    samples[i]!.cpu.push(cpu);
    samples[i]!.wall.push(wall);
  });
}
const bareCpu = median(samples[0]!.cpu);
const results = CASES.map((c, i) => {
  const cpu = median(samples[i]!.cpu);
  return { command: c.name, cpuMedianS: Number(cpu.toFixed(3)), wallMedianS: Number(median(samples[i]!.wall).toFixed(3)), ratioToBareNode: Number((cpu / bareCpu).toFixed(2)), overBareNodeMs: Math.round((cpu - bareCpu) * 1000) };
});
console.log(
  JSON.stringify(
    {
      bench: 'cliStart',
      conditions: { node: process.version, runs: RUNS, cpus: os.cpus().length, loadAverage1m: Number(os.loadavg()[0]!.toFixed(2)) },
      targetCpuS: TARGET_CPU_S,
      results,
      met: results.filter((r) => TARGETED.has(r.command)).every((r) => r.cpuMedianS <= TARGET_CPU_S),
      bareNodeOverTarget: bareCpu > TARGET_CPU_S,
    },
    null,
    2,
  ),
);
