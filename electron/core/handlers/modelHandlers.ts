import type { modelMethods } from '../../../shared/contract/methods/modelMethods.js';
import { previewInWorker } from '../inference/previewInWorker.js';
import { probeInWorker, probeRemoteInWorker } from '../inference/probeInWorker.js';
import { exportTriton } from '../export/exportTriton.js';
import { inspectModel } from '../models/inspectModel.js';
import { previewModel } from '../models/previewModel.js';
import { addModel, addRemote, listModels, setModelClassMap, setTargetModel } from '../models/modelRegistry.js';
import type { CoreServices, FeatureHandlers } from './handlerTable.js';

export function modelHandlers({ session }: CoreServices): FeatureHandlers<typeof modelMethods> {
  return {
    'models.list': () => listModels(session.require().db),
    'models.add': (input) => addModel(session.requireWritable(), input, probeInWorker),
    'models.addRemote': (input) => addRemote(session.requireWritable(), input, probeRemoteInWorker),
    'models.exportTriton': ({ dir }) => exportTriton(session.require(), dir),
    'models.inspect': ({ onnxPath }) => inspectModel(onnxPath),
    'models.preview': (input) => previewModel(input, previewInWorker),
    'models.setTarget': ({ modelId }) => setTargetModel(session.requireWritable().db, modelId),
    'models.setClassMap': ({ modelId, classMap }) => setModelClassMap(session.requireWritable().db, modelId, classMap),
  };
}
