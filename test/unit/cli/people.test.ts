import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeTempDir } from '../../helpers/tempDir.js';
import { runCli } from '../../helpers/runCliProcess.js';

describe('faultline people', () => {
  it('adds people with roles and a sign-in link, lists them, renews and removes a sign-in', () => {
    const temp = makeTempDir();
    const dir = join(temp.dir, 'p');
    expect(runCli(['init', dir, '--name', 'Lab']).status).toBe(0);

    const added = runCli(['people', 'add', dir, 'Ana', '--roles', 'annotator,reviewer', '--days', '30', '--url', 'http://gpu-box:5170/']);
    expect(added.status).toBe(0);
    expect(added.stdout).toMatch(/^Ana \(annotator, reviewer\) can sign in until \d{4}-\d\d-\d\dT.*\nLink: {2}http:\/\/gpu-box:5170\/\?token=[\w-]{32}\n/);
    expect(added.stdout).toContain('Shown once');

    const json = JSON.parse(runCli(['people', 'link', dir, 'ana', '--json']).stdout) as { person: { name: string }; token: string; link: string | null };
    expect(json).toMatchObject({ person: { name: 'Ana' }, link: null });
    expect(json.token).toMatch(/^[\w-]{32}$/);

    const listed = runCli(['people', 'list', dir]);
    expect(listed.status).toBe(0);
    expect(listed.stdout).toMatch(/^Name +Roles +Sign-in\nAna +annotator, reviewer +until \d{4}-/);

    const removed = runCli(['people', 'remove', dir, 'Ana']);
    expect(removed.stdout).toBe('Ana can no longer sign in; their ratings, masks and reviews stay theirs.\n');
    expect(runCli(['people', 'list', dir]).stdout).toMatch(/\nAna +\(removed\) +no sign-in\n$/);
    temp.cleanup();
  });

  it('refuses an unknown role and an unknown person with what to do', () => {
    const temp = makeTempDir();
    const dir = join(temp.dir, 'p');
    runCli(['init', dir]);
    const badRole = runCli(['people', 'add', dir, 'Ben', '--roles', 'boss']);
    expect(badRole.status).not.toBe(0);
    expect(badRole.stderr).toContain('"boss" is not a role; use rater, annotator, reviewer, admin');
    const unknown = runCli(['people', 'link', dir, 'Zed']);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toBe('faultline: There is nobody named "Zed" in this project; add them with people add.\n');
    temp.cleanup();
  });
});
