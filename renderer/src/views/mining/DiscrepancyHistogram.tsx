import type { PairHistogram } from '../../../../shared/contract/methods/miningMethods.js';

const W = 260;
const H = 90;
/** Room on the left for the count axis. */
const AXIS = 30;

/** Counts worth a tick: 0, the largest bar, and its rounded half when there is room for it. */
function countTicks(max: number): number[] {
  const half = Math.round(max / 2);
  return max >= 4 ? [0, half, max] : [0, max];
}

/** Distribution of d = 1 − mIoU between the target and one competitor over the pool, with image counts on the y-axis. */
export function DiscrepancyHistogram({ histogram, label }: { histogram: PairHistogram; label: string }) {
  const max = Math.max(1, ...histogram.counts);
  const barW = W / histogram.counts.length;
  const y = (count: number) => H - (count / max) * H;
  return (
    <figure className="histogram" data-testid="histogram">
      <figcaption>
        {label} <span className="muted">({histogram.images} images)</span>
      </figcaption>
      <svg width={AXIS + W} height={H + 26} role="img" aria-label={`Discrepancy histogram, ${label}: images per bin of d = 1 − mIoU`}>
        <g data-testid="histogram-y-axis">
          <line x1={AXIS - 2} y1={0} x2={AXIS - 2} y2={H} stroke="var(--muted)" />
          {countTicks(max).map((tick) => (
            <text key={tick} x={AXIS - 5} y={Math.min(H, Math.max(8, y(tick) + 3))} fontSize={10} fill="var(--muted)" textAnchor="end">
              {tick}
            </text>
          ))}
        </g>
        {histogram.counts.map((count, i) => {
          const h = (count / max) * H;
          return (
            <rect key={i} x={AXIS + i * barW + 1} y={H - h} width={barW - 2} height={h} fill="var(--accent)">
              <title>{`d ${histogram.edges[i]!.toFixed(2)}–${histogram.edges[i + 1]!.toFixed(2)}: ${count} images`}</title>
            </rect>
          );
        })}
        <text x={AXIS} y={H + 12} fontSize={10} fill="var(--muted)">
          0
        </text>
        <text x={AXIS + W / 2} y={H + 12} fontSize={10} fill="var(--muted)" textAnchor="middle">
          d = 1 − mIoU (bars: images)
        </text>
        <text x={AXIS + W} y={H + 12} fontSize={10} fill="var(--muted)" textAnchor="end">
          1
        </text>
      </svg>
    </figure>
  );
}
