import { withProject } from '../cliCore.js';

export async function info(folder: string, options: { json?: boolean }): Promise<void> {
  await withProject(folder, { readOnly: true }, async (client, info) => {
    const stats = await client.call('project.stats');
    if (options.json) {
      process.stdout.write(`${JSON.stringify({ project: info, stats }, null, 2)}\n`);
      return;
    }
    const lines = [
      `Project   ${info.name}${info.isDemo ? ' (demo)' : ''}`,
      `Folder    ${info.dir}`,
      `Schema    ${info.schemaVersion}`,
      `Created   ${info.createdAt}`,
      `Images    ${stats.images} (${stats.imagesFailed} failed, ${stats.labelledImages} labelled)`,
      `Models    ${stats.models}`,
      `Classes   ${stats.classes}`,
      `Rounds    ${stats.rounds}`,
      `Ratings   ${stats.ratings}`,
      `Masks     ${stats.annotations}`,
      `People    ${stats.people}`,
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
  });
}
