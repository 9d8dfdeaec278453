import type { ErrorGalleryItem } from '../../../../shared/contract/methods/errorMethods.js';
import { useClient } from '../../hooks/clientContext.js';
import { RegionBoxes } from './RegionBoxes.js';

/** Images holding the chosen category, its regions boxed; a click selects, a second click (or Enter) opens. */
export function ErrorGallery({ items, selected, onSelect, onOpen }: { items: readonly ErrorGalleryItem[]; selected: number; onSelect(i: number): void; onOpen(i: number): void }) {
  const client = useClient();
  return (
    <div className="error-gallery" data-testid="error-gallery">
      {items.map((item, i) => (
        <button
          type="button"
          key={item.imageId}
          className={i === selected ? 'tile selected' : 'tile'}
          onClick={() => (i === selected ? onOpen(i) : onSelect(i))}
          onDoubleClick={() => onOpen(i)}
          title={`Image ${item.imageId}: ${item.pixels} pixels in ${item.regions.length} region${item.regions.length === 1 ? '' : 's'}`}
          data-testid="error-tile"
        >
          <span className="stack">
            <img src={client.transport.fileUrl(item.relPath)} alt={`Image ${item.imageId}`} loading="lazy" className="pixelated" />
            <RegionBoxes regions={item.regions} width={item.width} height={item.height} />
          </span>
          <span>
            #{item.imageId} · {item.pixels} px
          </span>
        </button>
      ))}
    </div>
  );
}
