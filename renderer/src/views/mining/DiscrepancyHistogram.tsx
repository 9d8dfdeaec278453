import type { PairHistogram } from '../../../../shared/contract/methods/miningMethods.js';

const W = 260;
const H = 90;

/** Distribution of d = 1 − mIoU between the target and one competitor over the pool. */
export function DiscrepancyHistogram({ histogram, label }: { histogram: PairHistogram; label: string }) {
  const max = Math.max(1, ...histogram.counts);
  const barW = W / histogram.counts.length;
  return (
    <figure className="histogram" data-testid="histogram">
      <figcaption>
        {label} <span className="muted">({histogram.images} images)</span>
      </figcaption>
      <svg width={W} height={H + 14} role="img" aria-label={`Discrepancy histogram, ${label}`}>
        {histogram.counts.map((count, i) => {
          const h = (count / max) * H;
          return (
            <rect key={i} x={i * barW + 1} y={H - h} width={barW - 2} height={h} fill="var(--accent)">
              <title>{`d ${histogram.edges[i]!.toFixed(2)}–${histogram.edges[i + 1]!.toFixed(2)}: ${count}`}</title>
            </rect>
          );
        })}
        <text x={0} y={H + 12} fontSize={10} fill="var(--muted)">
          d = 0
        </text>
        <text x={W} y={H + 12} fontSize={10} fill="var(--muted)" textAnchor="end">
          1
        </text>
      </svg>
    </figure>
  );
}
