import { lazyAction, type RegisterCommand } from '../command.js';

export const registerExport: RegisterCommand = (program) => {
  program
    .command('export')
    .description('Export S0 ∪ S(1..i) and every test set with their masks: PASCAL VOC, COCO (RLE), Cityscapes-style id PNGs, CVAT for images 1.1 (masks), or for images imported from DICOM: one DICOM SEG or one NIfTI (.nii.gz + labels JSON) per series.')
    .argument('<project>', 'project folder')
    .requiredOption('--format <format>', 'voc | coco | cityscapes | cvat | dicom-seg | nifti')
    .requiredOption('--out <dir>', 'a new or empty folder')
    .action(lazyAction(async () => (await import('../actions/exportData.js')).exportData));
};
