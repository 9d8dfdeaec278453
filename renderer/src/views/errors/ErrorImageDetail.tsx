import { useState } from 'react';
import type { ClassInfo } from '../../../../shared/contract/domain.js';
import { CATEGORY_INFO } from '../../../../shared/errors/errorCategories.js';
import { imageDisplayName } from '../../../../shared/images/displayName.js';
import { useClient } from '../../hooks/clientContext.js';
import { openInEditor } from '../../editor/deepLink.js';
import { ModelPairOverlay } from '../../overlay/ModelPairOverlay.js';
import { RegionBoxes } from './RegionBoxes.js';
import { useErrorImage } from './useErrorImage.js';
import { TableHead } from '../../widgets/TableHead.js';

/** One image of a run: the reference and the model's prediction side by side, every region boxed and listed. */
export function ErrorImageDetail({
  runId,
  imageId,
  modelName,
  classes,
  palette,
  onClose,
}: {
  runId: number;
  imageId: number;
  modelName: string;
  classes: readonly ClassInfo[];
  palette: Uint8Array;
  onClose(): void;
}) {
  const client = useClient();
  const loaded = useErrorImage(runId, imageId);
  const [highlight, setHighlight] = useState<number | null>(null);
  const [opacity, setOpacity] = useState(0.55);

  if (!loaded) return <p className="muted">Loading image {imageId}…</p>;
  const { view } = loaded;
  const className = (id: number | null) => (id === null ? '—' : (classes.find((c) => c.id === id)?.name ?? `class ${id}`));
  const src = client.transport.fileUrl(view.relPath);
  const name = imageDisplayName(view);
  const shown = view.regions.filter((r) => r.category !== 'correct');
  return (
    <section className="error-detail" data-testid="error-detail">
      <div className="row detail-head">
        <h2 className="image-name" title={name}>
          {name}
        </h2>
        <label className="check">
          Mask opacity
          <input type="range" min={0} max={1} step={0.05} value={opacity} onChange={(e) => setOpacity(Number(e.target.value))} aria-label="Mask opacity" />
        </label>
        <span className="spacer" />
        <button type="button" onClick={() => openInEditor(imageId)} data-testid="open-in-editor" title="E">
          Open in editor (E)
        </button>
        <button type="button" onClick={onClose} title="Esc">
          Close
        </button>
      </div>
      <ModelPairOverlay
        src={src}
        palette={palette}
        opacity={opacity}
        first={{ mask: loaded.reference, label: 'Reference', testId: 'error-reference' }}
        second={{ mask: loaded.prediction, label: `Prediction · ${modelName}`, testId: 'error-prediction' }}
        figureClass="mask-panel"
        canvasSuffix="mask"
        missing="none stored"
        over={() => <RegionBoxes regions={shown} width={loaded.view.width} height={loaded.view.height} highlight={highlight} />}
      />
      <table className="grid-table" data-testid="error-regions">
        <TableHead
          columns={[
            'Category', 'Class', { label: 'Instead / under', title: 'Reference regions: the class most predicted instead. Hallucinations: the true class under them.' },
            'Pixels', 'Area',
          ]}
        />
        <tbody>
          {shown.map((r, i) => (
            <tr key={`${r.side}-${r.index}`} className={highlight === i ? 'selected-row' : ''} onMouseEnter={() => setHighlight(i)} onMouseLeave={() => setHighlight(null)}>
              <td>
                <i className="swatch" style={{ background: CATEGORY_INFO[r.category].color }} /> {CATEGORY_INFO[r.category].label}
              </td>
              <td>{className(r.classId)}</td>
              <td>{className(r.otherClassId)}</td>
              <td>{r.pixels}</td>
              <td>{r.area}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="muted">
        {view.regions.length - shown.length} correct region{view.regions.length - shown.length === 1 ? '' : 's'} not listed. Dashed boxes are predicted components (hallucinations).
      </p>
    </section>
  );
}
