import { readFile, stat } from 'node:fs/promises';
import { FaultlineError } from '../../../shared/contract/errors.js';
import { refuse } from './modelRefusal.js';

/** Reads a file a client named (a model, a card, an image); only a regular file: a device or a fifo would never end. */
export async function readInput(path: string, what: string): Promise<Buffer> {
  try {
    if (!(await stat(path)).isFile()) throw Object.assign(new Error('not a regular file'), { code: 'EISDIR' });
    return await readFile(path);
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'ENOENT') throw new FaultlineError('not_found', `There is no ${what} at ${path}.`);
    if (code === 'EISDIR') throw new FaultlineError('invalid_input', `${path} is not a file; give the path of the ${what}.`);
    throw new FaultlineError('invalid_input', `Cannot read the ${what} ${path}: ${(error as Error).message}`);
  }
}

/**
 * Runs a model in a worker (the import's dry run, a preview) and turns a failure into a refusal:
 * a model ONNX Runtime cannot load, or a run that failed, described as `run` ("the dry run on a synthetic image").
 */
export async function refusingFailedRun<T>(work: () => Promise<T>, run: string): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof FaultlineError) throw error;
    const stage = (error as { stage?: string }).stage;
    if (stage === 'load') refuse('ort_load', `ONNX Runtime cannot load it: ${(error as Error).message}`);
    refuse('dry_run_failed', `${run} failed: ${(error as Error).message}`);
  }
}
