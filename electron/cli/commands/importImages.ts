import { InvalidArgumentError } from 'commander';
import { lazyAction, type RegisterCommand } from '../command.js';
import { DEFAULT_MAX_PIXELS } from '../../../shared/images/imageLimits.js';

function pixelLimit(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('expected a whole number of pixels above 0');
  return n;
}

export const registerImportImages: RegisterCommand = (program) => {
  program
    .command('import')
    .description('Import the images under FOLDER (recursively; JPEG, PNG, WebP, TIFF, BMP, GIF, DICOM: one image per frame, de-identified), skipping duplicates by content.')
    .argument('<project>', 'project folder')
    .argument('<folder>', 'folder of images')
    .option('--split <split>', 'pool | train | test', 'pool')
    .option('--masks <folder>', 'ground-truth masks for train/test: MASKS/a/b/c.png for the image a/b/c.jpg')
    .option('--max-pixels <n>', 'refuse images with more pixels than this (checked before decoding)', pixelLimit, DEFAULT_MAX_PIXELS)
    .option('--keep-identity', 'DICOM: keep patient identity and original UIDs (de-identification is on by default)')
    .option('--retain-dates', 'DICOM: keep dates and times (Retain Longitudinal Temporal Information, Full Dates)')
    .option('--clean-descriptors', 'DICOM: keep study/series descriptions with identifying values struck out, instead of removing them')
    .option('--json', 'print a JSON summary with every failure')
    .action(lazyAction(async () => (await import('../actions/importImages.js')).importImages));
};
