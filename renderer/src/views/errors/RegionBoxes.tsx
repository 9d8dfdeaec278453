import type { ErrorRegionView } from '../../../../shared/contract/methods/errorMethods.js';
import { CATEGORY_INFO } from '../../../../shared/errors/errorCategories.js';

/** The regions' bounding boxes drawn over an image of width × height, coloured by category; scales with its box. */
export function RegionBoxes({ regions, width, height, highlight }: { regions: readonly ErrorRegionView[]; width: number; height: number; highlight?: number | null }) {
  return (
    <svg className="region-boxes" viewBox={`0 0 ${width} ${height}`} preserveAspectRatio="none" aria-hidden="true">
      {regions.map((r, i) => (
        <rect
          key={`${r.side}-${r.index}`}
          x={r.box.x + 0.5}
          y={r.box.y + 0.5}
          width={Math.max(1, r.box.width - 1)}
          height={Math.max(1, r.box.height - 1)}
          fill="none"
          stroke={CATEGORY_INFO[r.category].color}
          strokeWidth={highlight === i ? 2.5 : 1.5}
          strokeDasharray={r.side === 'prediction' ? '3 2' : undefined}
          vectorEffect="non-scaling-stroke"
          data-category={r.category}
        />
      ))}
    </svg>
  );
}
