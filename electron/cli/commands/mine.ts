import { lazyAction, type RegisterCommand } from '../command.js';
import { modelId, wholeNumber } from '../optionParsers.js';

function idList(value: string): number[] {
  return value.split(',').map((part) => modelId(part.trim()));
}

export const registerMine: RegisterCommand = (program) => {
  program
    .command('mine')
    .description('Mine the pool for candidates: MAD (maximum discrepancy, per class, both directions) or a baseline.')
    .argument('<project>', 'project folder')
    .option('--target <id>', 'target model (default: the project target)', modelId)
    .option('--competitors <ids>', 'comma-separated competing models (default: every model that is not a target version)', idList)
    .option('--n3 <n>', 'images kept per (pair, defender, class)', wholeNumber, 25)
    .option('--constraint <mode>', "content constraint: quartile | sigma (of S0's class areas, or of the target's predictions over the pool while there is no S0) | off", 'quartile')
    .option('--bounds <list>', 'your own typical area per class instead, CLASS=LO:HI,… with a class name or id and fractions or percentages (person=5%:40%,car=0.01:0.2)')
    .option('--background <class>', "the class left out of the per-class subgroups (name or id, or 'none'; default: class 0)")
    .option('--strategy <name>', 'mad | random | entropy | margin', 'mad')
    .option('--distance <kind>', 'miou | pixel_accuracy | fw_iou', 'miou')
    .option('--seed <n>', 'seed of the random baseline', wholeNumber, 0)
    .option('--budget <n>', 'images a baseline picks (default: size of this round’s MAD set)', wholeNumber)
    .option('--min-class-share <share>', 'a class under this share of the image in both predictions takes no part in the distance (fraction or percent; default 0.1%)')
    .option('--top <n>', 'candidates to list (0 for none)', wholeNumber, 10)
    .option('--json', 'print the candidate set with every reason as JSON')
    .action(lazyAction(async () => (await import('../actions/mine.js')).mine));
};
