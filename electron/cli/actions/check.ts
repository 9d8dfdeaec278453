import { withProject } from '../cliCore.js';

export async function check(folder: string, options: { json?: boolean }): Promise<void> {
  await withProject(folder, { readOnly: true }, async (client, info) => {
    const result = await client.call('project.check');
    if (options.json) process.stdout.write(`${JSON.stringify({ project: info.dir, ...result }, null, 2)}\n`);
    else if (result.ok) process.stdout.write(`${info.dir}: no damage found.\n`);
    else process.stdout.write(`${info.dir} is damaged; restore it from its backups/ folder or a copy:\n${result.problems.map((p) => `  ${p}`).join('\n')}\n`);
    if (!result.ok) process.exitCode = 1;
  });
}
