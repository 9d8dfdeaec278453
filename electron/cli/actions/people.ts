import type { PersonRole } from '../../../shared/contract/domain.js';
import type { SignIn } from '../../../shared/contract/methods/labMethods.js';
import { withProject } from '../cliCore.js';

interface SignInFlags {
  days: number;
  url?: string;
  json?: boolean;
}

function printSignIn(signIn: SignIn, flags: SignInFlags): void {
  const link = flags.url ? `${flags.url.replace(/\/+$/, '')}/?token=${signIn.token}` : null;
  if (flags.json) {
    process.stdout.write(`${JSON.stringify({ ...signIn, link }, null, 2)}\n`);
    return;
  }
  const lines = [
    `${signIn.person.name} (${signIn.person.roles.join(', ')}) can sign in until ${signIn.expiresAt}.`,
    link ? `Link:  ${link}` : `Token: ${signIn.token}`,
    link ? '' : 'Their link is the server address with ?token=THE_TOKEN (give --url to print it).',
    'Shown once: the project keeps only a hash. Send it to them privately.',
  ].filter((l) => l !== '');
  process.stdout.write(`${lines.join('\n')}\n`);
}

export async function peopleAdd(project: string, name: string, flags: SignInFlags & { roles: PersonRole[] }): Promise<void> {
  await withProject(project, {}, async (client) => printSignIn(await client.call('people.add', { name, roles: flags.roles, expiresInDays: flags.days }), flags));
}

export async function peopleLink(project: string, name: string, flags: SignInFlags): Promise<void> {
  await withProject(project, {}, async (client) => printSignIn(await client.call('people.link', { name, expiresInDays: flags.days }), flags));
}

export async function peopleRemove(project: string, name: string): Promise<void> {
  await withProject(project, {}, async (client) => {
    const person = await client.call('people.remove', { name });
    process.stdout.write(`${person.name} can no longer sign in; their ratings, masks and reviews stay theirs.\n`);
  });
}

export async function peopleList(project: string, flags: { json?: boolean }): Promise<void> {
  await withProject(project, { readOnly: true }, async (client) => {
    const people = await client.call('people.accounts');
    if (flags.json) {
      process.stdout.write(`${JSON.stringify(people, null, 2)}\n`);
      return;
    }
    if (people.length === 0) {
      process.stdout.write('Nobody yet: add people with `faultline people add PROJECT NAME --roles annotator`.\n');
      return;
    }
    const rows = people.map((p) => [p.name, p.roles.join(', ') || '(removed)', p.signInExpiresAt ? `until ${p.signInExpiresAt}` : 'no sign-in']);
    const width = Math.max(...rows.map((r) => r[0]!.length), 4);
    const roleWidth = Math.max(...rows.map((r) => r[1]!.length), 5);
    const lines = [`${'Name'.padEnd(width)}  ${'Roles'.padEnd(roleWidth)}  Sign-in`, ...rows.map((r) => `${r[0]!.padEnd(width)}  ${r[1]!.padEnd(roleWidth)}  ${r[2]}`)];
    process.stdout.write(`${lines.join('\n')}\n`);
  });
}
