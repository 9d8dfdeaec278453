import * as ort from 'onnxruntime-node';

/**
 * A CPU session with one intra-op thread, so results do not depend on how work is split across
 * threads (the demo world must come out byte-identical); callers keep other cores busy with
 * other work (the demo build renders on worker threads meanwhile).
 */
export function createCpuSession(bytes: Uint8Array): Promise<ort.InferenceSession> {
  return ort.InferenceSession.create(bytes, {
    executionProviders: ['cpu'],
    intraOpNumThreads: 1,
    interOpNumThreads: 1,
    executionMode: 'sequential',
    graphOptimizationLevel: 'all',
  });
}

/** Runs a single-input, single-output model on an NCHW float batch; returns the output data and dims. */
export async function runNchw(
  session: ort.InferenceSession,
  inputName: string,
  outputName: string,
  data: Float32Array,
  dims: readonly [number, number, number, number],
): Promise<{ data: Float32Array; dims: readonly number[] }> {
  const input = new ort.Tensor('float32', data, dims);
  const result = await session.run({ [inputName]: input }, [outputName]);
  const output = result[outputName];
  if (!output || output.type !== 'float32') throw new Error(`model gave no float32 output ${outputName}`);
  return { data: output.data as Float32Array, dims: output.dims };
}
