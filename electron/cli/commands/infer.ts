import { InvalidArgumentError } from 'commander';
import { lazyAction, type RegisterCommand } from '../command.js';
import { provider } from '../optionParsers.js';

function count(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('expected a whole number ≥ 1');
  return n;
}

function idList(value: string): number[] {
  return value.split(',').map((part) => count(part.trim()));
}

export const registerInfer: RegisterCommand = (program) => {
  program
    .command('infer')
    .description('Run models over every image they have not predicted yet (resumable: stored results are never recomputed).')
    .argument('<project>', 'project folder')
    .option('--models <ids>', 'comma-separated model ids (default: every model)', idList)
    .option('--provider <name>', 'execution provider: auto (best available) | cuda | dml | coreml | cpu', provider, 'auto')
    .option('--store-probs', 'also store per-pixel probabilities (uint8, model resolution) for label-quality scoring')
    .option('--retry-failed', 'try again the images that got an error record')
    .option('--workers <n>', 'worker threads (default: one per core on CPU, two on a GPU)', count)
    .option('--batch <n>', 'images per session.run (default 4, or the graph’s fixed batch size)', count)
    .option('--json', 'print the summary as JSON')
    .action(lazyAction(async () => (await import('../actions/infer.js')).infer));
};
