import type { ErrorGalleryItem } from '../../../../shared/contract/methods/errorMethods.js';
import { imageDisplayName, imageShortName } from '../../../../shared/images/displayName.js';
import { useClient } from '../../hooks/clientContext.js';
import { RegionBoxes } from './RegionBoxes.js';

/** Images holding the chosen category, its regions boxed; a click selects, a second click (or Enter) opens. */
export function ErrorGallery({ items, selected, onSelect, onOpen }: { items: readonly ErrorGalleryItem[]; selected: number; onSelect(i: number): void; onOpen(i: number): void }) {
  const client = useClient();
  return (
    <div className="error-gallery" data-testid="error-gallery">
      {items.map((item, i) => {
        const name = imageDisplayName(item);
        return (
          <button
            type="button"
            key={item.imageId}
            className={i === selected ? 'tile selected' : 'tile'}
            onClick={() => (i === selected ? onOpen(i) : onSelect(i))}
            onDoubleClick={() => onOpen(i)}
            title={`${name}: ${item.pixels} pixels in ${item.regions.length} region${item.regions.length === 1 ? '' : 's'}`}
            data-testid="error-tile"
          >
            <span className="stack">
              <img src={client.transport.fileUrl(item.relPath)} alt={name} loading="lazy" className="pixelated" />
              <RegionBoxes regions={item.regions} width={item.width} height={item.height} />
            </span>
            <span className="tile-caption">
              {imageShortName(item)} · {item.pixels} px
            </span>
          </button>
        );
      })}
    </div>
  );
}
