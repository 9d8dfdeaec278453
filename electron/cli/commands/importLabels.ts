import { lazyAction, type RegisterCommand } from '../command.js';
import { LABEL_FORMATS } from '../../../shared/contract/enumValues.js';

export const registerImportLabels: RegisterCommand = (program) => {
  program
    .command('import-labels')
    .description('Import ground truth for project images from COCO, CVAT for images 1.1, Cityscapes, PASCAL VOC or Label Studio, matched by file name and mapped to classes by name.')
    .argument('<project>', 'project folder')
    .argument('<labels>', 'label file or folder')
    .requiredOption('--format <format>', LABEL_FORMATS.join(' | '))
    .option('--split <split>', 'move the labelled images to pool | train | test')
    .option('--replace', 'overwrite ground truth an image already has')
    .option('--fill <class>', 'project class for pixels no shape covers (COCO, CVAT, Label Studio); default unlabelled')
    .option('--index-names <table>', 'what VOC/Cityscapes PNG values are when no labelmap.txt or classes.json lies beside them: project | voc | cityscapes')
    .option('--json', 'print the full report, one line per image')
    .action(lazyAction(async () => (await import('../actions/importLabels.js')).importLabels));
};
