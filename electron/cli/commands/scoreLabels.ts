import { lazyAction, type RegisterCommand } from '../command.js';
import { DEFAULT_TEMPERATURE, LABEL_MODES, SCORE_METHODS } from '../../../shared/quality/types.js';

export const registerScoreLabels: RegisterCommand = (program) => {
  program
    .command('score-labels')
    .description(
      'Score label quality by confident learning: image scores, class thresholds, the estimated number of label issues and the pixels whose label is likely wrong.',
    )
    .requiredOption('--labels <file>', 'label maps, .npy of shape (N, H, W), any integer dtype')
    .requiredOption('--pred-probs <file>', 'predicted probabilities, .npy of shape (N, K, H, W), float32 or float64')
    .requiredOption('--out <file>', 'write the result as JSON here')
    .option('--issues-out <file>', 'also write the (N, H, W) bool mask of flagged pixels as .npy')
    .option('--method <name>', `image score: ${SCORE_METHODS.join(' | ')}`, 'softmin')
    .option('--temperature <t>', `softmin temperature (default ${DEFAULT_TEMPERATURE})`)
    .option('--downsample <d>', 'average D×D blocks before finding issues (H and W must be multiples of D)')
    .option('--label-mode <mode>', `label of a D×D block: ${LABEL_MODES.join(' | ')} (compatible-mean reproduces the reference)`, 'majority')
    .option('--ignore-index <i>', 'label value of unlabelled pixels, which take no part')
    .option('--batch-size <n>', 'images read per batch (default 8)')
    .option('--workers <n>', 'worker threads (default 1)')
    .option('--renormalise', 'rescale pixels whose probabilities are finite and non-negative but do not sum to 1 (default: refuse the file)')
    .action(lazyAction(async () => (await import('../actions/scoreLabels.js')).scoreLabels));
};
