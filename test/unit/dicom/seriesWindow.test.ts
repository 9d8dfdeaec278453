import { describe, expect, it } from 'vitest';
import { openingWindow, seriesKey, useSeriesWindowStore } from '../../../renderer/src/dicom/seriesWindow.js';
import { ctPreset, type VoiWindow } from '../../../shared/dicom/window.js';

const own: VoiWindow = { center: 40, width: 400, function: 'LINEAR', name: 'SOFT TISSUE' };
const lung = ctPreset('lung');

describe('a window chosen on a frame carries to its series', () => {
  it('keys a series by modality and UID', () => {
    expect(seriesKey({ modality: 'CT', seriesUid: '2.25.2' })).toBe(seriesKey({ modality: 'CT', seriesUid: '2.25.2' }));
    expect(seriesKey({ modality: 'CT', seriesUid: '2.25.2' })).not.toBe(seriesKey({ modality: 'CT', seriesUid: '2.25.3' }));
    expect(seriesKey({ modality: 'CT', seriesUid: '2.25.2' })).not.toBe(seriesKey({ modality: 'MR', seriesUid: '2.25.2' }));
  });

  it("opens a frame of the chosen series with the chosen window, any other with the file's", () => {
    const ct = seriesKey({ modality: 'CT', seriesUid: '2.25.2' });
    const mr = seriesKey({ modality: 'MR', seriesUid: '2.25.9' });
    expect(openingWindow({ series: ct, window: lung }, ct, own)).toEqual(lung);
    expect(openingWindow({ series: ct, window: lung }, mr, own)).toEqual(own);
    expect(openingWindow(null, ct, own)).toEqual(own);
    expect(openingWindow(null, ct, null)).toBeNull();
  });

  it('keeps the latest choice until it is forgotten', () => {
    const { choose, forget } = useSeriesWindowStore.getState();
    choose('CT|1', own);
    choose('CT|1', lung);
    expect(useSeriesWindowStore.getState().chosen).toEqual({ series: 'CT|1', window: lung });
    forget();
    expect(useSeriesWindowStore.getState().chosen).toBeNull();
  });
});
