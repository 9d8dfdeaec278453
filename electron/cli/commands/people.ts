import { InvalidArgumentError } from 'commander';
import type { PersonRole } from '../../../shared/contract/domain.js';
import { PERSON_ROLES } from '../../../shared/contract/enumValues.js';
import { lazyAction, type RegisterCommand } from '../command.js';

function roleList(value: string): PersonRole[] {
  const roles = value.split(',').map((r) => r.trim());
  for (const role of roles) {
    if (!(PERSON_ROLES as readonly string[]).includes(role)) throw new InvalidArgumentError(`"${role}" is not a role; use ${PERSON_ROLES.join(', ')} (comma-separated)`);
  }
  return roles as PersonRole[];
}

function days(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 3650) throw new InvalidArgumentError('a whole number of days from 1 to 3650');
  return n;
}

const SERVER_URL = ['--url <address>', 'the lab server as people open it (e.g. http://gpu-box:5170), to print each sign-in as a full link'] as const;

export const registerPeople: RegisterCommand = (program) => {
  const people = program.command('people').description('The people of a lab: roles and sign-in links for `faultline serve` (run while the server is stopped, or use the app as an admin).');

  people
    .command('add')
    .description('Add a person (or give an existing one more roles) and print their new sign-in token; an earlier one stops working.')
    .argument('<project>', 'project folder')
    .argument('<name>', 'their name as others see it')
    .requiredOption('--roles <list>', `comma-separated: ${PERSON_ROLES.join(', ')}`, roleList)
    .option('--days <n>', 'days the sign-in lasts', days, 90)
    .option(...SERVER_URL)
    .option('--json', 'print JSON')
    .action(lazyAction(async () => (await import('../actions/people.js')).peopleAdd));

  people
    .command('link')
    .description('Print a new sign-in token for a person (lost link, expired sign-in); their earlier one stops working.')
    .argument('<project>', 'project folder')
    .argument('<name>', 'their name')
    .option('--days <n>', 'days the sign-in lasts', days, 90)
    .option(...SERVER_URL)
    .option('--json', 'print JSON')
    .action(lazyAction(async () => (await import('../actions/people.js')).peopleLink));

  people
    .command('remove')
    .description('Take a person’s roles and sign-in away; what they rated, labelled and reviewed stays theirs.')
    .argument('<project>', 'project folder')
    .argument('<name>', 'their name')
    .action(lazyAction(async () => (await import('../actions/people.js')).peopleRemove));

  people
    .command('list')
    .description('List the people with their roles and when their sign-in expires (read-only).')
    .argument('<project>', 'project folder')
    .option('--json', 'print JSON')
    .action(lazyAction(async () => (await import('../actions/people.js')).peopleList));
};
