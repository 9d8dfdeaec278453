import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { ModelEntry, ProviderRequest } from '../../../shared/contract/domain.js';
import { FaultlineError } from '../../../shared/contract/errors.js';
import type { MethodInput } from '../../../shared/contract/methods.js';
import type { ModelInspection, TensorSignature } from '../../../shared/models/modelInspection.js';
import { providerLabel, writeColourMaskPng } from '../../core/index.js';
import { withCore, withProject } from '../cliCore.js';

type InlineCard = MethodInput<'models.preview'>['card'];

/** A card file as the preview takes it: the contract checks every field and names the bad ones. */
async function readCardFile(path: string): Promise<InlineCard> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new FaultlineError('not_found', `Cannot read the model card ${path}: ${(error as Error).message}`);
  }
  try {
    return JSON.parse(text) as InlineCard;
  } catch (error) {
    throw new FaultlineError('invalid_input', `${path} is not valid JSON (${(error as Error).message}); give the card as \`models inspect --json\` prints it.`);
  }
}


function describeMapping(model: ModelEntry): string {
  const unmapped = model.classMap.filter((e) => e.projectClassId === null).map((e) => e.modelClassName);
  return unmapped.length === 0 ? 'all classes mapped' : `not mapped (ignored): ${unmapped.join(', ')}`;
}

function table(models: ModelEntry[]): string {
  const rows = models.map((m) => [
    String(m.id),
    m.name,
    m.version,
    m.isTarget ? 'target' : '',
    `${m.classes.length}: ${m.classes.map((c) => c.name).join(', ')}`,
    m.provider ? providerLabel(m.provider) : '—',
    `${m.input.width}×${m.input.height} ${m.input.resize}`,
  ]);
  const header = ['id', 'name', 'version', 'role', 'classes', 'provider', 'input'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  return [header, ...rows].map((r) => r.map((cell, i) => cell.padEnd(widths[i]!)).join('  ').trimEnd()).join('\n');
}

function tensorLine(t: TensorSignature): string {
  const shape = t.shape === null ? 'shape not declared' : t.shape.map((d) => (d === null ? '?' : String(d))).join('×');
  return `  ${t.name}  ${t.type ?? 'not a tensor'}  ${shape}`;
}

function describeInspection({ signature: s, card, unsure }: ModelInspection): string {
  const data = s.externalData.map((d) => `  ${d.location}  ${d.sizeBytes === null ? 'MISSING beside the model' : `${d.sizeBytes} bytes`}`);
  const meta = Object.entries(s.metadataProps).map(([k, v]) => `  ${k}: ${v.length > 80 ? `${v.slice(0, 77)}…` : v}`);
  return [
    `${s.file}: ${s.sizeBytes} bytes, IR ${s.irVersion}, opset ${s.opset ?? '?'}${s.producer ? `, exported by ${s.producer}` : ''}`,
    'Inputs:',
    ...s.inputs.map(tensorLine),
    'Outputs:',
    ...s.outputs.map(tensorLine),
    ...(data.length > 0 ? ['External data:', ...data] : []),
    ...(meta.length > 0 ? ['Metadata:', ...meta] : []),
    unsure.length > 0 ? 'Draft card (rename the classes; check the fields listed below):' : 'Card:',
    JSON.stringify(card, null, 2),
    ...(unsure.length > 0 ? [`Guessed, check: ${unsure.join(', ')}`] : []),
  ].join('\n');
}

export async function modelsAdd(folder: string, model: string, flags: { card?: string; target?: boolean; provider: ProviderRequest; json?: boolean }): Promise<void> {
  await withProject(folder, {}, async (client) => {
    const entry = await client.call('models.add', {
      onnxPath: resolve(model),
      ...(flags.card === undefined ? {} : { cardPath: resolve(flags.card) }),
      ...(flags.target === undefined ? {} : { target: flags.target }),
      provider: flags.provider,
    });
    if (flags.json) {
      process.stdout.write(`${JSON.stringify(entry, null, 2)}\n`);
      return;
    }
    const fallbacks = (await client.call('inference.status')).fallbacks.map((f) => `\n  ${providerLabel(f.provider)} not used: ${f.reason}`).join('');
    process.stdout.write(
      `Added ${entry.name} ${entry.version} as model ${entry.id}${entry.isTarget ? ' (target)' : ''}: ` +
        `${entry.classes.length} classes, ${describeMapping(entry)}; dry run passed on ${entry.provider ? providerLabel(entry.provider) : '?'}.` +
        `${fallbacks}\n  Copied to ${entry.onnxRelPath} (sha256 ${entry.onnxHash.slice(0, 12)}…).\n`,
    );
  });
}

export async function modelsAddRemote(
  folder: string,
  url: string,
  model: string,
  flags: { card?: string; modelVersion?: string; tokenFile?: string; ca?: string; concurrency: number; jsonTensors?: boolean; target?: boolean; json?: boolean },
): Promise<void> {
  await withProject(folder, {}, async (client) => {
    const urls = url.split(',').map((u) => u.trim()).filter((u) => u !== '');
    const entry = await client.call('models.addRemote', {
      endpoints: urls.map((u) => ({ url: u, concurrency: flags.concurrency })),
      model,
      ...(flags.modelVersion === undefined ? {} : { modelVersion: flags.modelVersion }),
      ...(flags.card === undefined ? {} : { cardPath: resolve(flags.card) }),
      ...(flags.tokenFile === undefined ? {} : { tokenFile: resolve(flags.tokenFile) }),
      ...(flags.ca === undefined ? {} : { caFile: resolve(flags.ca) }),
      ...(flags.jsonTensors ? { json: true } : {}),
      ...(flags.target === undefined ? {} : { target: flags.target }),
    });
    if (flags.json) {
      process.stdout.write(`${JSON.stringify(entry, null, 2)}\n`);
      return;
    }
    const replicas = entry.remote!.endpoints.map((e) => `${e.url} (${e.concurrency} at once)`).join(', ');
    process.stdout.write(
      `Added ${entry.name} ${entry.version} as model ${entry.id}${entry.isTarget ? ' (target)' : ''}: ${entry.classes.length} classes, ${describeMapping(entry)}; ` +
        `served as ${model}${flags.modelVersion === undefined ? '' : ` version ${flags.modelVersion}`} by ${replicas}; metadata and dry run passed.\n`,
    );
  });
}

export async function modelsInspect(model: string, flags: { json?: boolean }): Promise<void> {
  const inspection = await withCore((client) => client.call('models.inspect', { onnxPath: resolve(model) }));
  process.stdout.write(`${flags.json ? JSON.stringify(inspection, null, 2) : describeInspection(inspection)}\n`);
}

export async function modelsList(folder: string, flags: { json?: boolean }): Promise<void> {
  await withProject(folder, { readOnly: true }, async (client) => {
    const entries = await client.call('models.list');
    if (flags.json) process.stdout.write(`${JSON.stringify(entries, null, 2)}\n`);
    else process.stdout.write(entries.length === 0 ? 'No models yet; add one with `npx faultline models add PROJECT MODEL.onnx --card CARD.json`.\n' : `${table(entries)}\n`);
  });
}

export async function modelsVision(folder: string, flags: { json?: boolean }): Promise<void> {
  await withProject(folder, { readOnly: true }, async (client, project) => {
    const found = await client.call('slices.visionModels');
    if (flags.json) {
      process.stdout.write(`${JSON.stringify(found, null, 2)}\n`);
      return;
    }
    if (found.length === 0) {
      process.stdout.write(`No model folders in ${join(project.dir, 'models')}; copy a CLIP-like encoder or a captioner there (see the README, "Image encoders and captioners").\n`);
      return;
    }
    for (const m of found) {
      const what = m.kind === 'image-encoder' ? `image encoder (${m.modelType}${m.text ? ', with text model' : ', images only'})` : m.kind === 'captioner' ? `captioner (${m.modelType})` : 'unknown';
      process.stdout.write(`${m.name}  ${what}${m.problem ? `  — cannot be used: ${m.problem}` : `  ${m.dtype}`}\n`);
    }
  });
}

export async function modelsSetTarget(folder: string, id: number): Promise<void> {
  await withProject(folder, {}, async (client) => {
    const target = (await client.call('models.setTarget', { modelId: id })).find((m) => m.isTarget)!;
    process.stdout.write(`Model ${target.id} (${target.name} ${target.version}) is now the target.\n`);
  });
}

export async function modelsPreview(flags: { onnx: string; image: string; card?: string; out?: string; provider: ProviderRequest; json?: boolean }): Promise<void> {
  const onnxPath = resolve(flags.onnx);
  await withCore(async (client) => {
    const card = flags.card === undefined ? (await client.call('models.inspect', { onnxPath })).card : await readCardFile(resolve(flags.card));
    const preview = await client.call('models.preview', { onnxPath, card, imagePath: resolve(flags.image), provider: flags.provider });
    if (flags.out !== undefined) await writeColourMaskPng(resolve(flags.out), preview, card.classes);
    if (flags.json) {
      process.stdout.write(`${JSON.stringify(preview, null, 2)}\n`);
      return;
    }
    const width = Math.max(...card.classes.map((c) => c.name.length));
    const shares = card.classes.map((c) => `  ${c.id}  ${c.name.padEnd(width)}  ${(100 * (preview.classShares[c.id] ?? 0)).toFixed(1).padStart(5)} %`);
    process.stdout.write(
      [
        `${card.name} ${card.version} on ${flags.image}: ${preview.width}×${preview.height}, ${preview.ms.toFixed(0)} ms on ${providerLabel(preview.provider)}. Share of the image per class:`,
        ...shares,
        ...(flags.out === undefined ? [] : [`Mask written to ${flags.out}.`]),
      ].join('\n') + '\n',
    );
  });
}
