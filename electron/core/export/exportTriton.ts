import { copyFile, mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { FaultlineError } from '../../../shared/contract/errors.js';
import { modelBytes, modelFolder } from '../inference/runInference.js';
import { checkGraph } from '../models/checkGraph.js';
import { withGraphOutputs } from '../models/graphOutputs.js';
import { readOnnxModelInfo } from '../models/onnxModelInfo.js';
import { loadModels } from '../store/models.js';
import type { ProjectDb } from '../store/openProjectDb.js';
import { isRemoteModelPath } from '../store/remoteModels.js';
import { tritonModelName } from '../../../shared/models/tritonModelName.js';
import { tritonConfig } from './tritonConfig.js';

export interface TritonExport {
  models: Array<{ modelId: number; name: string; version: string; tritonName: string; folder: string }>;
  skipped: Array<{ modelId: number; name: string; version: string; reason: string }>;
}

/**
 * Writes a Triton model repository of the project's models: NAME/config.pbtxt and
 * NAME/1/model.onnx (with its external data files), the very bytes the project validated (an
 * embedding the card takes from inside the graph is declared as an output, as Faultline's own
 * sessions declare it). NAME is the card's name, with _vVERSION where several versions share it.
 * Each model is written under a temporary folder and renamed, so a failure leaves no half model.
 */
export async function exportTriton(project: ProjectDb, dir: string): Promise<TritonExport> {
  const models = loadModels(project.db);
  if (models.length === 0) throw new FaultlineError('invalid_input', 'The project has no models to export; add one with `npx faultline models add` first.');
  const result: TritonExport = { models: [], skipped: [] };
  const perName = new Map<string, number>();
  for (const m of models) perName.set(m.name, (perName.get(m.name) ?? 0) + 1);
  await mkdir(dir, { recursive: true });
  for (const model of models) {
    if (isRemoteModelPath(model.onnxRelPath)) {
      result.skipped.push({ modelId: model.id, name: model.name, version: model.version, reason: 'served remotely already; its server holds the model file' });
      continue;
    }
    const tritonName = tritonModelName(model.name, perName.get(model.name)! > 1 ? model.version : null);
    const original = await modelBytes(project.dir, model);
    const info = readOnnxModelInfo(original);
    const { fixedBatch } = checkGraph(info, model.card);
    const embedding = model.card.embedding;
    const intermediate = embedding ? info.intermediates.find((t) => t.name === embedding.tensorName) : undefined;
    const bytes = intermediate ? withGraphOutputs(original, [intermediate.name]) : original;
    const outputs = intermediate ? [...info.outputs, { ...intermediate, elemType: intermediate.elemType ?? 'FLOAT', dims: intermediate.dims ?? [null, null, null, null] }] : info.outputs;

    const target = join(dir, tritonName);
    const temp = join(dir, `.${tritonName}.writing-${process.pid}`);
    await rm(temp, { recursive: true, force: true });
    try {
      await mkdir(join(temp, '1'), { recursive: true });
      await writeFile(join(temp, 'config.pbtxt'), tritonConfig({ name: tritonName, inputs: info.inputs, outputs, fixedBatch }));
      await writeFile(join(temp, '1', 'model.onnx'), bytes);
      const folder = modelFolder(project.dir, model);
      for (const file of model.dataFiles) {
        const at = join(temp, '1', relative(folder, join(project.dir, file.path)));
        await mkdir(dirname(at), { recursive: true });
        await copyFile(join(project.dir, file.path), at);
      }
      await rm(target, { recursive: true, force: true });
      await rename(temp, target);
    } catch (error) {
      await rm(temp, { recursive: true, force: true });
      throw new FaultlineError('not_writable', `Cannot write the Triton model ${tritonName} under ${dir}: ${(error as Error).message}`);
    }
    result.models.push({ modelId: model.id, name: model.name, version: model.version, tritonName, folder: target });
  }
  return result;
}
