import { lazyAction, type RegisterCommand } from '../command.js';
import { modelId, positiveCount, provider } from '../optionParsers.js';

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
    .command('add-remote')
    .description(
      'Register MODEL as served over the Open Inference Protocol (KServe v2: Triton, KServe, OpenVINO Model Server) at URL: every replica must be ready and report metadata that fits the card, and the dry run goes through the server.',
    )
    .argument('<project>', 'project folder')
    .argument('<url>', 'base address of the server (http:// or https://); several replicas of the same model: comma-separated')
    .argument('<model>', "the model's name on the server")
    .option('--card <file>', "the model card (JSON); default: the card of the project's local model of the same name, registered as version VERSION+remote")
    .option('--model-version <v>', 'the served version to ask for; default: the server picks (each prediction records the one that answered)')
    .option('--token-file <file>', 'a file holding a bearer token the server wants (read at every run, never copied into the project)')
    .option('--ca <file>', "PEM certificate of the CA that signed an https server's certificate")
    .option('--concurrency <n>', 'batches each replica takes at once', positiveCount, 2)
    .option('--json-tensors', 'send and read tensors as plain JSON instead of the binary tensor extension')
    .option('--target', 'make this model the target (the one being improved)')
    .option('--json', 'print the registered model as JSON')
    .action(lazyAction(async () => (await import('../actions/models.js')).modelsAddRemote));

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
