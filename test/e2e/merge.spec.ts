import Database from 'better-sqlite3';
import { cpSync } from 'node:fs';
import { join } from 'node:path';
import { projectDbPath } from '../../electron/core/store/projectFiles.js';
import { seedMergeCopies } from '../helpers/seedMergeCopies.js';
import { expect, test } from './serverFixture.js';
import { openProject } from './steps.js';

test('merges another copy from the Pool view: a preview, the merge, then nothing left to merge; an unrelated project is refused', async ({ page, served }) => {
  const { a, b } = await seedMergeCopies(join(served.temp, 'copies'));
  const unrelated = join(served.temp, 'unrelated');
  cpSync(b, unrelated, { recursive: true });
  const db = new Database(projectDbPath(unrelated));
  db.prepare("UPDATE classes SET name = 'sky' WHERE id = 1").run();
  db.close();

  await page.goto(served.url);
  await openProject(page, a, 'Lab');
  await expect(page.getByTestId('stat-images')).toHaveText('4');
  const form = page.getByTestId('merge-form');
  const merge = form.getByRole('button', { name: 'Merge', exact: true });

  await form.getByLabel("Other copy's folder").fill(unrelated);
  await form.getByRole('button', { name: 'Preview merge' }).click();
  await expect(page.getByTestId('error-banner')).toContainText('is not a copy of this project: its classes (0 background, 1 sky) differ');
  await expect(merge).toBeDisabled();

  await form.getByLabel("Other copy's folder").fill(b);
  await form.getByRole('button', { name: 'Preview merge' }).click();
  const result = page.getByTestId('merge-result');
  await expect(result).toContainText('would change this (nothing is changed yet)');
  await expect(page.getByTestId('merge-ratings')).toHaveText('Ratings21');
  await expect(page.getByTestId('merge-annotations')).toHaveText('Annotation versions and drafts30');
  await expect(result).toContainText('1 image had new versions in both copies; the newest version of each would await review');
  await expect(page.getByTestId('stat-images')).toHaveText('4');
  await form.screenshot({ path: '/tmp/merge-preview.png' });

  await merge.click();
  await expect(result).toContainText(`Merged ${b}:`);
  await expect(page.getByTestId('merge-images')).toHaveText('Images10');
  await expect(page.getByTestId('stat-images')).toHaveText('5');
  await expect(merge).toBeDisabled();

  await form.getByRole('button', { name: 'Preview merge' }).click();
  await expect(result).toContainText('This project already holds everything in');
  await expect(page.getByTestId('merge-reviews')).toHaveText('Reviews00');
  await expect(merge).toBeDisabled();
  await form.screenshot({ path: '/tmp/merge-again.png' });
});
