import { useMemo, useState } from 'react';
import { OverlayImage } from '../../overlay/OverlayImage.js';
import { paletteOf } from '../../overlay/labelMapOverlay.js';
import { providerName } from './providerName.js';
import type { ShownPreview } from './useCardDraft.js';

/** The image with the predicted mask over it, a legend with each class's share, and how long the model took. */
export function CardPreview({ shown }: { shown: ShownPreview }) {
  const { preview, mask, card } = shown;
  const [showOverlay, setShowOverlay] = useState(true);
  const palette = useMemo(() => paletteOf(card.classes), [card]);
  const src = useMemo(() => `data:image/jpeg;base64,${preview.image}`, [preview]);
  return (
    <div className="card-preview" data-testid="card-preview">
      <OverlayImage
        src={src}
        prediction={mask}
        palette={palette}
        opacity={0.55}
        showOverlay={showOverlay}
        label={`${card.name} ${card.version}: ${preview.width}×${preview.height}, ${preview.ms.toFixed(0)} ms on ${providerName(preview.provider)}`}
        testId="card-preview-image"
      />
      <label className="check">
        <input type="checkbox" checked={showOverlay} onChange={(e) => setShowOverlay(e.target.checked)} style={{ flex: 'none' }} />
        Show the mask
      </label>
      <ul className="legend card-preview-shares" data-testid="card-preview-shares" aria-label="Share of the image per class">
        {card.classes.map((c) => (
          <li key={c.id}>
            <i style={{ background: c.color }} /> {c.name} {(100 * (preview.classShares[c.id] ?? 0)).toFixed(1)} %
          </li>
        ))}
      </ul>
    </div>
  );
}
