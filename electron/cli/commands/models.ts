import { lazyAction, type RegisterCommand } from '../command.js';
import { modelId, provider } from '../optionParsers.js';

export const registerModels: RegisterCommand = (program) => {
  const models = program.command('models').description('The model registry: add ONNX models with their cards, list them, choose the target.');

  models
    .command('add')
    .description('Validate MODEL.onnx and its card with a dry run, copy it into the project (models/NAME-VERSION.onnx) and register it.')
    .argument('<project>', 'project folder')
    .argument('<model>', 'the .onnx file')
    .option('--card <file>', "the model card (JSON); default: the card embedded in the ONNX metadata_props ('faultline.card')")
    .option('--target', 'make this model the target (the one being improved)')
    .option('--provider <name>', 'execution provider for the dry run: auto | cuda | dml | coreml | cpu', provider, 'auto')
    .option('--json', 'print the registered model as JSON')
    .action(lazyAction(async () => (await import('../actions/models.js')).modelsAdd));

  models
    .command('inspect')
    .description("Show an ONNX model's inputs, outputs (types, shapes with symbolic sizes), opset, size, external data files and metadata, and draft a card for it (runs nothing; needs no project).")
    .argument('<model>', 'the .onnx file')
    .option('--json', 'print { "signature", "card", "unsure" }: the card is complete and valid as printed, `unsure` lists the guessed fields')
    .action(lazyAction(async () => (await import('../actions/models.js')).modelsInspect));

  models
    .command('preview')
    .description('Run an ONNX model with a card on one image before registering it, checked as `models add` checks it, and print the share of each class (needs no project; registers nothing).')
    .requiredOption('--onnx <file>', 'the .onnx file')
    .requiredOption('--image <file>', 'an image (JPEG, PNG, WebP, TIFF, BMP, …)')
    .option('--card <file>', 'a complete model card (JSON, as `models inspect --json` prints it); default: the card `models inspect` gives (the embedded one, else the draft)')
    .option('--out <file>', 'write the predicted mask as a PNG in the class colours (at most 1024 pixels on its longest side)')
    .option('--provider <name>', 'execution provider: auto | cuda | dml | coreml | cpu', provider, 'auto')
    .option('--json', 'print the preview (label map as base64 of the deflated class ids, class shares, time, provider) as JSON')
    .action(lazyAction(async () => (await import('../actions/models.js')).modelsPreview));

  models
    .command('list')
    .description('List the registered models (read-only; safe while the project is open elsewhere).')
    .argument('<project>', 'project folder')
    .option('--json', 'print JSON')
    .action(lazyAction(async () => (await import('../actions/models.js')).modelsList));

  models
    .command('vision')
    .description("List the transformers.js model folders in the project's models/ folder (CLIP-like image encoders and captioners the slices use), with what is wrong with any that cannot be used.")
    .argument('<project>', 'project folder')
    .option('--json', 'print JSON')
    .action(lazyAction(async () => (await import('../actions/models.js')).modelsVision));

  models
    .command('set-target')
    .description('Make model ID the target; the others become its competitors.')
    .argument('<project>', 'project folder')
    .argument('<id>', 'model id (see `models list`)', modelId)
    .action(lazyAction(async () => (await import('../actions/models.js')).modelsSetTarget));
};
