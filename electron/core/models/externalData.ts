import { createHash } from 'node:crypto';
import { createReadStream, statSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { refuse } from './modelRefusal.js';

/** An external data file of a model being imported: its `location` and where it was found. */
export interface ExternalDataFile {
  location: string;
  source: string;
}

/**
 * Finds each external data file beside the model file, where ONNX says a `location` is
 * relative to (never the working folder). A location that is absolute or climbs out of the
 * model's folder is refused: the project could not keep it beside its copy.
 */
export function findExternalData(onnxPath: string, locations: readonly string[]): ExternalDataFile[] {
  const folder = dirname(resolve(onnxPath));
  return locations.map((location) => {
    if (isAbsolute(location) || location.split(/[\\/]/).includes('..')) {
      refuse('external_data', `an initializer reads its data from '${location}', outside the model's folder; keep external data files in the model's folder (or below it) and name them relative to it.`);
    }
    const source = resolve(folder, location);
    let isFile = false;
    try {
      isFile = statSync(source).isFile();
    } catch {
      isFile = false;
    }
    if (!isFile) refuse('external_data', `the weights are in an external data file '${location}' that is missing: looked for ${source} (external data is read beside the model file); copy it there.`);
    return { location, source };
  });
}

/** SHA-256 of a file, streamed: external data files can be larger than memory allows reading at once. */
export async function hashFile(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
