import { resolve } from 'node:path';
import { withCore } from '../cliCore.js';

export async function init(folder: string, options: { name?: string }): Promise<void> {
  const project = await withCore((client) => client.call('project.create', { dir: resolve(folder), ...(options.name ? { name: options.name } : {}) }));
  process.stdout.write(`Created project in ${project.dir}\n`);
}
