import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createClient } from '../../shared/client/createClient.js';
import { T } from '../../electron/core/images/dicom/dicomTags.js';
import { connectWsTransport } from '../helpers/wsClientTransport.js';
import { makeDicom } from '../unit/dicom/dicomCorpus.js';
import { expect, test } from './serverFixture.js';
import { createProject } from './steps.js';

/** Two CT slices of Jane Doe; the first says text is burned into its pixels, the second that none is. */
function writeStudy(folder: string): void {
  mkdirSync(folder, { recursive: true });
  const size = 16;
  ['YES', 'NO'].forEach((burned, n) => {
    const file = makeDicom({
      rows: size,
      columns: size,
      values: Array.from({ length: size * size }, (_, i) => (i % size) * 64 + n),
      bitsStored: 12,
      windows: [{ center: 512, width: 1024 }],
      studyUid: '1.2.826.0.1.3680043.2.1143.700',
      seriesUid: '1.2.826.0.1.3680043.2.1143.701',
      sopInstanceUid: `1.2.826.0.1.3680043.2.1143.702.${n + 1}`,
      extra: [{ tag: T.BurnedInAnnotation, vr: 'CS', value: burned }],
    });
    writeFileSync(join(folder, `IM000${n + 1}`), file);
  });
}

test('imports DICOM de-identified with the chosen options, and a frame with burned-in text is listed until a person marks it reviewed', async ({ page, served }) => {
  writeStudy(join(served.temp, 'pacs', 'CT'));
  await page.goto(served.url);
  await createProject(page, join(served.temp, 'deid-project'));

  const form = page.getByTestId('import-form');
  await form.getByLabel('Image folder').fill(join(served.temp, 'pacs'));
  const options = form.getByTestId('dicom-options');
  await options.getByText('DICOM files: de-identified').click();
  await expect(options).toContainText('Basic Application Level Confidentiality Profile');
  await expect(options).toContainText('mapping kept in this project');

  // Turning de-identification off warns; turning it back on hides the warning.
  const keep = options.getByLabel('Keep patient identity (turn de-identification off)');
  await keep.check();
  await expect(options.getByTestId('dicom-identity-warning')).toBeVisible();
  await expect(options.getByLabel(/^Retain Longitudinal/)).toBeDisabled();
  await keep.uncheck();
  await expect(options.getByTestId('dicom-identity-warning')).toHaveCount(0);
  await options.getByLabel(/^Retain Longitudinal/).check();
  await page.screenshot({ path: '/tmp/dd/dicom-options.png', fullPage: true });

  await form.getByRole('button', { name: 'Import' }).click();
  await expect(page.getByTestId('import-result')).toHaveText(
    'Import finished: 2 imported · 0 skipped as duplicates · 0 failed · 1 DICOM frame to review for burned-in text.',
    { timeout: 60_000 },
  );
  const review = page.getByTestId('dicom-review');
  await expect(review.getByTestId('dicom-review-row')).toHaveCount(1);
  await expect(review.getByTestId('dicom-review-row')).toContainText('#1 · frame 1 · the file says it has burned-in text');
  await review.scrollIntoViewIfNeeded();
  await page.screenshot({ path: '/tmp/dd/dicom-review.png' });

  // What the project stored: no patient name or ID, the study date kept (Retain Longitudinal), new UIDs.
  const { origin, searchParams } = new URL(served.url);
  const ws = await connectWsTransport(origin, searchParams.get('token')!);
  try {
    const client = createClient(ws);
    const stored = await client.call('images.dicomReview', { limit: 10 });
    expect(stored.total).toBe(1);
    const [frame] = stored.items;
    expect(frame!.deidentified).toBe(true);
    const values = frame!.attributes.map((a) => a.value).join('|');
    expect(values).not.toContain('Doe');
    expect(values).not.toContain('MRN-0042');
    expect(values).not.toContain('1.2.826.0.1.3680043.2.1143.70');
    expect(frame!.attributes.find((a) => a.tag === T.StudyDate)?.value).toBe('20240315');
  } finally {
    ws.close();
  }

  await review.getByRole('button', { name: 'Mark reviewed' }).click();
  await expect(page.getByTestId('dicom-review')).toHaveCount(0);
});
