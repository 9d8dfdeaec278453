import { runJob, withProject } from '../cliCore.js';

export async function evaluate(folder: string, flags: { json?: boolean }): Promise<void> {
  await withProject(folder, {}, async (client) => {
    await runJob(client, 'evaluation', () => client.call('evaluation.run'), { label: 'Evaluating' });
    const board = await client.call('leaderboard.get');
    if (flags.json) {
      process.stdout.write(`${JSON.stringify(board, null, 2)}\n`);
      return;
    }
    if (board.sets.length === 0) {
      process.stdout.write('Nothing to evaluate yet: import a labelled test split (T0) or build an unbiased test set.\n');
      return;
    }
    const name = (id: number) => {
      const m = board.models.find((x) => x.id === id);
      return m ? `${m.name} ${m.version}${m.isTarget ? ' *' : ''}` : String(id);
    };
    const width = Math.max(8, ...board.models.map((m) => name(m.id).length));
    const lines = [['model'.padEnd(width), ...board.sets.map((s) => `${s.name} (${s.images})`.padStart(12))].join('  ')];
    for (const m of board.models) {
      const cells = board.sets.map((s) => {
        const r = board.results.find((x) => x.modelId === m.id && x.testSetId === s.id);
        return (r ? r.miou.toFixed(3) : '—').padStart(12);
      });
      lines.push([name(m.id).padEnd(width), ...cells].join('  '));
    }
    if (board.ranking) lines.push('', `Global ranking: ${board.ranking.order.map(name).join(' > ')}`);
    const unranked = board.unranked.map((u) => `${name(u.modelId)} (${u.reason === 'not_evaluated' ? 'not evaluated' : 'no comparison yet'})`);
    if (unranked.length) lines.push(`Not ranked: ${unranked.join(', ')}`);
    for (const r of board.regressions) lines.push(`Warning: ${name(r.modelId)} is worse than ${name(r.parentId)} on T0 (${r.miou.toFixed(3)} vs ${r.parentMiou.toFixed(3)}).`);
    process.stdout.write(`mIoU per test set (* = current target)\n${lines.join('\n')}\n`);
  });
}
