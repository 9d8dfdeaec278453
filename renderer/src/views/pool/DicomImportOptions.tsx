import type { DicomImportOptions as Options } from '../../../../shared/dicom/frameRecord.js';

/**
 * How DICOM files in the folder are treated: de-identification (on by default) explained on one
 * screen, its two options, and turning it off only after an explicit warning is acknowledged.
 */
export function DicomImportOptions({ value, onChange }: { value: Options; onChange(next: Options): void }) {
  const set = (patch: Partial<Options>): void => onChange({ ...value, ...patch });
  return (
    <details className="dicom-options" data-testid="dicom-options">
      <summary>DICOM files: {value.deidentify ? 'de-identified' : 'identity kept'}</summary>
      <div className="dicom-explain">
        <p>
          DICOM files are de-identified as they come in, by the Basic Application Level Confidentiality Profile of the DICOM standard (PS3.15 Annex E). It
          <strong> removes</strong> attributes that identify a person (patient name, ID, birth date, addresses, physicians and operators, institution,
          free-text comments), <strong>replaces</strong> those the file needs with dummy values, and <strong>keeps</strong> what describes the image itself
          (modality, pixel format, windowing, geometry).
        </p>
        <p>
          Study, series and instance UIDs are replaced consistently through a mapping kept in this project, so a later import of the same study matches the
          first. The project never stores the original identifying values.
        </p>
        <p className="muted">
          Text burned into the pixels (names or dates drawn on the image) is not removed: frames that may carry it are counted after the import for you to
          review.
        </p>
      </div>
      <label className="check">
        <input type="checkbox" checked={value.deidentify && value.retainLongitudinal} disabled={!value.deidentify} onChange={(e) => set({ retainLongitudinal: e.target.checked })} />
        Retain Longitudinal Temporal Information: keep study, series and acquisition dates and times, so follow-up scans stay in order.
      </label>
      <label className="check">
        <input type="checkbox" checked={value.deidentify && value.cleanDescriptors} disabled={!value.deidentify} onChange={(e) => set({ cleanDescriptors: e.target.checked })} />
        Clean Descriptors: keep study and series descriptions and similar free text, with identifying words taken out, instead of removing them.
      </label>
      <label className={`check ${value.deidentify ? '' : 'dicom-warning'}`}>
        <input type="checkbox" checked={!value.deidentify} onChange={(e) => set({ deidentify: !e.target.checked })} />
        Keep patient identity (turn de-identification off)
      </label>
      {!value.deidentify && (
        <p className="dicom-warning" role="alert" data-testid="dicom-identity-warning">
          Warning: names, IDs, birth dates and the original UIDs will be stored in this project and in everything exported from it. Do this only for data
          you are allowed to hold identified.
        </p>
      )}
    </details>
  );
}
