import type { GraphDim, GraphTensor } from '../models/onnxModelInfo.js';

/** Largest batch Triton's dynamic batcher forms for a model whose batch dimension is free. */
export const TRITON_MAX_BATCH = 8;
/** How long Triton may hold a request to batch it with others (µs): short, as Faultline already sends batches. */
const QUEUE_DELAY_US = 2000;

const TRITON_TYPES: Record<string, string> = {
  FLOAT: 'TYPE_FP32',
  FLOAT16: 'TYPE_FP16',
  DOUBLE: 'TYPE_FP64',
  UINT8: 'TYPE_UINT8',
  INT8: 'TYPE_INT8',
  INT32: 'TYPE_INT32',
  INT64: 'TYPE_INT64',
  BOOL: 'TYPE_BOOL',
};

export interface TritonModel {
  name: string;
  inputs: GraphTensor[];
  outputs: GraphTensor[];
  /** The graph's fixed batch size; null when the first dimension is free (then Triton batches). */
  fixedBatch: number | null;
}

function dims(tensor: GraphTensor, dropBatch: boolean): string {
  const all: GraphDim[] = tensor.dims ?? [];
  const kept = dropBatch ? all.slice(1) : all;
  return `[ ${kept.map((d) => (typeof d === 'number' && d > 0 ? String(d) : '-1')).join(', ')} ]`;
}

function tensorBlock(tensor: GraphTensor, dropBatch: boolean): string {
  const type = TRITON_TYPES[tensor.elemType ?? 'FLOAT'] ?? 'TYPE_FP32';
  return `  {\n    name: "${tensor.name}"\n    data_type: ${type}\n    dims: ${dims(tensor, dropBatch)}\n  }`;
}

/**
 * config.pbtxt for the ONNX Runtime backend: the graph's inputs and outputs with their types and
 * shapes (the batch dimension left to max_batch_size when it is free), dynamic batching, and one
 * instance on whatever device the server has (KIND_AUTO: a GPU where there is one).
 */
export function tritonConfig(model: TritonModel): string {
  const batching = model.fixedBatch === null;
  return [
    `name: "${model.name}"`,
    'platform: "onnxruntime_onnx"',
    `max_batch_size: ${batching ? TRITON_MAX_BATCH : 0}`,
    `input [\n${model.inputs.map((t) => tensorBlock(t, batching)).join(',\n')}\n]`,
    `output [\n${model.outputs.map((t) => tensorBlock(t, batching)).join(',\n')}\n]`,
    ...(batching ? [`dynamic_batching {\n  max_queue_delay_microseconds: ${QUEUE_DELAY_US}\n}`] : []),
    'instance_group [\n  {\n    count: 1\n    kind: KIND_AUTO\n  }\n]',
    '',
  ].join('\n');
}
