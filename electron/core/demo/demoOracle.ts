import { isAbsolute, join, relative, resolve } from 'node:path';
import { openOracle, type DemoOracle } from '../../../models/demo/oracle.js';
import { FaultlineError } from '../../../shared/contract/errors.js';
import type { Db } from '../store/openProjectDb.js';
import { listImageSources } from '../store/images.js';
import { metaValue } from '../store/projectStats.js';

/** meta key: where the demo project's simulation oracle lives, relative to the project folder. */
export const ORACLE_META_KEY = 'demo_oracle';

/**
 * The simulation oracle of a demo project: the true masks and conditions of every generated
 * image, kept outside the project folder so the workstation never serves or reads them except
 * in simulation (simulated raters, annotators, experiments, tests).
 */
export async function projectOracle(db: Db, projectDir: string): Promise<{ oracle: DemoOracle; keyOf(imageId: number): string | null }> {
  const stored = metaValue(db, ORACLE_META_KEY);
  if (!stored) throw new FaultlineError('invalid_input', 'This project is not a generated demo project, so it has no simulation oracle.');
  const dir = isAbsolute(stored) ? stored : resolve(projectDir, stored);
  const oracle = await openOracle(dir).catch(() => {
    throw new FaultlineError('not_found', `The demo oracle is missing at ${dir}; rebuild the demo with \`npx faultline demo\`.`);
  });
  const keys = new Map(listImageSources(db).map((r) => [r.id, r.sourcePath ? `images/${r.split}/${r.sourcePath}` : null]));
  return { oracle, keyOf: (imageId) => keys.get(imageId) ?? null };
}

export function oracleMetaValue(projectDir: string, oracleDir: string): string {
  return relative(projectDir, oracleDir) || join('.', oracleDir);
}
