import { useEffect, useRef } from 'react';
import type { ImageThumbnail } from '../../../../shared/contract/domain.js';
import type { QualityImage } from '../../../../shared/contract/methods/qualityMethods.js';
import { imageDisplayName, imageShortName } from '../../../../shared/images/displayName.js';
import { useClient } from '../../hooks/clientContext.js';

/** The run's images, worst first, with thumbnails; the selected row stays in view as the keys move it. */
export function QualityImageList({
  items,
  offset,
  selected,
  thumbs,
  onSelect,
}: {
  items: QualityImage[];
  offset: number;
  selected: number;
  thumbs: Map<number, ImageThumbnail>;
  onSelect(index: number): void;
}) {
  const client = useClient();
  const selectedRow = useRef<HTMLLIElement>(null);
  useEffect(() => {
    selectedRow.current?.scrollIntoView({ block: 'nearest' });
  }, [selected, items]);
  if (items.length === 0) return <p className="empty">No image matches.</p>;
  return (
    <ol className="quality-list" data-testid="quality-image-list">
      {items.map((item, i) => (
        <li
          key={item.imageId}
          ref={i === selected ? selectedRow : undefined}
          className={i === selected ? 'selected' : ''}
          onClick={() => onSelect(i)}
          data-testid={`quality-image-${item.imageId}`}
          data-image-id={item.imageId}
        >
          <img src={thumbs.get(item.imageId)?.dataUrl ?? client.transport.fileUrl(item.relPath)} alt={imageDisplayName(item)} loading="lazy" className="pixelated" />
          <span className="rank">#{offset + i + 1}</span>
          <span className="score" title="Softmin of p(label): lower means more likely mislabelled">
            {item.score.toFixed(4)}
          </span>
          <span className="issues">
            {item.issues} px{item.matching !== null && item.matching !== item.issues ? ` (${item.matching} match)` : ''}
          </span>
          {item.labelChanged && (
            <span className="badge warn" title="The mask changed after this score; press S to rescore">
              edited
            </span>
          )}
          <span className="path" title={imageDisplayName(item)}>
            {imageShortName(item)}
          </span>
        </li>
      ))}
    </ol>
  );
}
