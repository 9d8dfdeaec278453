import { join } from 'node:path';
import { createClient } from '../../shared/client/createClient.js';
import { seedRatingProject } from '../helpers/seedRatingProject.js';
import { connectWsTransport } from '../helpers/wsClientTransport.js';
import { expect, test } from './serverFixture.js';

test('two lab members, each with their own link, get different images and see each other’s ratings without a reload', async ({ browser, page, served }) => {
  const dir = join(served.temp, 'lab-project');
  const { size } = await seedRatingProject(dir);
  const { origin, searchParams } = new URL(served.url);
  const ws = await connectWsTransport(origin, searchParams.get('token')!);
  const admin = createClient(ws);
  await admin.call('project.open', { dir });
  const ana = await admin.call('people.add', { name: 'Ana', roles: ['rater'] });
  const ben = await admin.call('people.add', { name: 'Ben', roles: ['annotator'] });
  ws.close();

  const [anaContext, benContext] = [await browser.newContext(), await browser.newContext()];
  const anaPage = await anaContext.newPage();
  const benPage = await benContext.newPage();
  for (const [p, signIn] of [
    [anaPage, ana],
    [benPage, ben],
  ] as const) {
    await p.goto(`${origin}/?token=${signIn.token}`);
    await expect(p.getByTestId('signed-in-as')).toHaveText(`${signIn.person.name} · ${signIn.person.roles.join(', ')}`);
    // Members neither close the lab's project nor manage its people.
    await expect(p.getByTestId('close-project')).toHaveCount(0);
    await expect(p.getByTestId('open-people')).toHaveCount(0);
    await p.keyboard.press('Alt+4');
    // No name to type: the sign-in says who rates.
    await expect(p.getByTestId('rating-queue')).toBeVisible();
    await expect(p.getByTestId('rater-gate')).toHaveCount(0);
  }

  // The server hands each their own image: Ana holds the first, so Ben is given the second.
  await expect(anaPage.getByTestId('rating-position')).toHaveText(`Image 1 of ${size}`);
  await expect(benPage.getByTestId('rating-position')).toHaveText(`Image 2 of ${size}`);

  await anaPage.keyboard.press('3');
  await expect(anaPage.getByTestId('rating-progress')).toHaveText(`Ana: 1 / ${size} rated`);
  await expect(benPage.getByTestId('rating-others')).toHaveText('Ana 1');
  await benPage.keyboard.press('4');
  await expect(anaPage.getByTestId('rating-others')).toHaveText('Ben 1');
  await benPage.screenshot({ path: '/tmp/faultline-lab-member.png' });

  // The admin (the server's own link) manages people in the app: adding one shows their link once.
  await page.goto(served.url);
  await page.getByTestId('open-people').click();
  const panel = page.getByTestId('people-panel');
  await expect(panel.getByTestId('people-row')).toHaveCount(2);
  await panel.getByLabel("New person's name").fill('Cleo');
  await panel.getByRole('button', { name: 'Add and make link' }).click();
  await expect(panel.getByTestId('people-row')).toHaveCount(3);
  const link = await panel.getByLabel('Sign-in link for Cleo').inputValue();
  expect(link).toMatch(new RegExp(`^${origin}/\\?token=[\\w-]{32}$`));
  await page.screenshot({ path: '/tmp/faultline-lab-people.png' });

  // Removing Ben cuts his tab off at its next call.
  await panel.getByTestId('people-row').filter({ hasText: 'Ben' }).getByRole('button', { name: 'Remove' }).click();
  await expect(panel.getByTestId('people-row').filter({ hasText: 'Ben' })).toContainText('removed');
  await benPage.keyboard.press('ArrowRight');
  await benPage.keyboard.press('5');
  await expect(benPage.getByRole('alert').filter({ hasText: 'Ask a lab admin for a new sign-in link' })).toBeVisible();

  await anaContext.close();
  await benContext.close();
});
