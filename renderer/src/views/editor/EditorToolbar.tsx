import type { Tool } from '../../editor/editorKeys.js';
import { useEditorStore } from '../../editor/editorStore.js';
import { useView, type ViewBus } from './viewBus.js';

const TOOLS: Array<[Tool, string, string]> = [
  ['brush', 'Brush', 'B'],
  ['eraser', 'Eraser', 'E'],
  ['polygon', 'Polygon', 'P'],
  ['fill', 'Fill', 'F'],
  ['assist', 'Assist', 'A'],
];

/** Controls give the keyboard back to the editor once used: a focused input would keep every shortcut. */
function handBack(e: { currentTarget: HTMLElement }): void {
  e.currentTarget.blur();
}

function ZoomReadout({ bus }: { bus: ViewBus }) {
  const view = useView(bus);
  return <span data-testid="zoom-readout">{Math.round(view.scale * 100)}%</span>;
}

export interface ToolbarProps {
  readOnly: boolean;
  canUndo: boolean;
  canRedo: boolean;
  bus: ViewBus;
  onUndo(): void;
  onRedo(): void;
  onZoom(step: 1 | -1): void;
  onFit(): void;
}

/** Tools, brush size, visibility and opacity, history and zoom: each also on a key. */
export function EditorToolbar({ readOnly, canUndo, canRedo, bus, onUndo, onRedo, onZoom, onFit }: ToolbarProps) {
  const s = useEditorStore();
  return (
    <div className="editor-toolbar" role="toolbar" aria-label="Mask tools">
      {!readOnly && (
        <>
          {TOOLS.map(([tool, label, key]) => (
            <button key={tool} type="button" aria-pressed={s.tool === tool} onClick={() => s.setTool(tool)} title={`${label} (${key})`} data-testid={`tool-${tool}`}>
              {label}
            </button>
          ))}
          <span className="tool-group" title="Brush size ([ and ])">
            <button type="button" onClick={() => s.stepBrush(-1)} aria-label="Smaller brush">
              −
            </button>
            <span data-testid="brush-size">{s.brushSize} px</span>
            <button type="button" onClick={() => s.stepBrush(1)} aria-label="Larger brush">
              +
            </button>
          </span>
          <button type="button" disabled={!canUndo} onClick={onUndo} title="Undo (Ctrl+Z)" data-testid="undo">
            Undo
          </button>
          <button type="button" disabled={!canRedo} onClick={onRedo} title="Redo (Ctrl+Shift+Z)" data-testid="redo">
            Redo
          </button>
        </>
      )}
      <label className="check" title="Show the mask (M)">
        <input type="checkbox" checked={s.showMask} onChange={(e) => (s.toggleMask(), handBack(e))} data-testid="show-mask" /> Mask
      </label>
      <label className="check" title="Show the image (I)">
        <input type="checkbox" checked={s.showImage} onChange={(e) => (s.toggleImage(), handBack(e))} data-testid="show-image" /> Image
      </label>
      <label className="check" title="Mask opacity (O and Shift+O)">
        Opacity
        <input
          type="range"
          min={0.1}
          max={1}
          step={0.05}
          value={s.opacity}
          onChange={(e) => s.setOpacity(Number(e.target.value))}
          onPointerUp={handBack}
          data-testid="opacity"
        />
      </label>
      <span className="tool-group">
        <button type="button" onClick={() => onZoom(-1)} title="Zoom out (Ctrl+-)" aria-label="Zoom out">
          −
        </button>
        <ZoomReadout bus={bus} />
        <button type="button" onClick={() => onZoom(1)} title="Zoom in (Ctrl+=)" aria-label="Zoom in">
          +
        </button>
        <button type="button" onClick={onFit} title="Fit (Ctrl+0)">
          Fit
        </button>
      </span>
    </div>
  );
}
