import type { VoiWindow } from '../../../shared/dicom/window.js';
import type { DicomWindowing } from './useDicomWindow.js';

const presetKey = (w: VoiWindow): string => `${w.name ?? ''}|${w.center}|${w.width}`;
const round = (v: number): string => String(Math.round(v * 10) / 10);

/** The window of a DICOM frame: its centre and width, the presets, and a reset. */
export function WindowControls({ windowing }: { windowing: DicomWindowing }) {
  const { window, presets } = windowing;
  const chosen = presets.find((p) => presetKey(p) === presetKey(window));
  return (
    <div className="window-controls" data-testid="window-controls" data-image-id={windowing.view.imageId}>
      <span title="Window centre / width (right-drag or Ctrl+drag on the image: horizontal changes the width, vertical the centre)" data-testid="window-values">
        C {round(window.center)} · W {round(window.width)}
      </span>
      <select
        aria-label="Window preset"
        data-testid="window-preset"
        value={chosen ? presetKey(chosen) : ''}
        onChange={(e) => {
          const preset = presets.find((p) => presetKey(p) === e.target.value);
          // Hand the keys back to the page once a preset is chosen.
          e.currentTarget.blur();
          if (preset) windowing.setWindow(preset);
        }}
      >
        {!chosen && <option value="">custom</option>}
        {presets.map((p) => (
          <option key={presetKey(p)} value={presetKey(p)}>
            {p.name} ({round(p.center)}/{round(p.width)})
          </option>
        ))}
      </select>
      <button type="button" onClick={() => windowing.reset()} title="Back to the file's window (Shift+W)" data-testid="window-reset">
        Reset
      </button>
    </div>
  );
}

/** Says, without blocking anything, that a DICOM frame shows its stored image because it cannot be windowed. */
export function WindowUnavailable({ reason }: { reason: string }) {
  return (
    <span className="badge warn window-unavailable" role="status" data-testid="window-unavailable">
      {reason}
    </span>
  );
}
