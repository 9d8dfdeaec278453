import type { ViewId } from '../stores/appStore.js';

const PLANNED: Record<string, { title: string; what: string }> = {
  editor: {
    title: 'Mask editor',
    what: 'Label counterexamples with brush, eraser, polygon and flood fill, and cross-check each other’s masks.',
  },
};

/** Views whose features have not landed yet say so plainly instead of showing empty controls. */
export function PlannedView({ view }: { view: ViewId }) {
  const planned = PLANNED[view];
  return (
    <section className="planned" data-testid="planned-view">
      <h1>{planned?.title ?? view}</h1>
      <p className="badge warn">Not available in this version yet</p>
      <p>{planned?.what}</p>
    </section>
  );
}
