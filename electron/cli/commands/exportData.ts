import { lazyAction, type RegisterCommand } from '../command.js';

export const registerExport: RegisterCommand = (program) => {
  program
    .command('export')
    .description('Export S0 ∪ S(1..i) and every test set with their masks: PASCAL VOC, COCO (RLE), Cityscapes-style id PNGs, CVAT for images 1.1 (masks), or for images imported from DICOM: one DICOM SEG or one NIfTI (.nii.gz + labels JSON) per series.')
    .argument('<project>', 'project folder')
    .requiredOption('--format <format>', 'voc | coco | cityscapes | cvat | dicom-seg | nifti')
    .requiredOption('--out <dir>', 'a new or empty folder')
    .action(lazyAction(async () => (await import('../actions/exportData.js')).exportData));

  program
    .command('export-triton')
    .description("Write a Triton model repository of the project's models (NAME/config.pbtxt with inputs, outputs, dynamic batching and instance group; NAME/1/model.onnx), so a lab serves exactly what the project validated; register it back with `models add-remote`.")
    .argument('<project>', 'project folder')
    .argument('<dir>', 'the model repository folder (created if missing; models already there are replaced)')
    .option('--json', 'print what was written as JSON')
    .action(lazyAction(async () => (await import('../actions/exportData.js')).exportTritonRepository));
};
