import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { helpPages } from '../../../electron/cli/helpPages.js';
import { buildProgram } from '../../../electron/cli/main.js';
import { LATEST_SCHEMA_VERSION } from '../../../electron/core/store/migrations/index.js';
import { makeTempDir } from '../../helpers/tempDir.js';
import { runCli } from '../../helpers/runCliProcess.js';

describe('faultline CLI', () => {
  it('--help lists every registered command', () => {
    const result = runCli(['--help']);
    expect(result.status).toBe(0);
    for (const command of buildProgram().commands) expect(result.stdout).toContain(command.name());
  });

  it('prints the help pages the build wrote, exactly as commander prints them from the definitions', () => {
    const pages = helpPages(buildProgram());
    expect(runCli(['--help']).stdout).toBe(pages['']);
    expect(runCli(['models', 'add', '--help']).stdout).toBe(pages['models add']);
    expect(runCli(['help', 'info']).stdout).toBe(pages['info']);
    const bare = runCli([]);
    expect(bare.status).toBe(1);
    expect(bare.stderr).toBe(pages['']);
  });

  it('leaves help that is not a bare command path to commander', () => {
    const result = runCli(['info', 'some-folder', '--help']);
    expect(result.status).toBe(0);
    expect(result.stdout).toBe(helpPages(buildProgram())['info']);
  });

  it('creates a project and describes it', () => {
    const temp = makeTempDir();
    const dir = join(temp.dir, 'p');
    expect(runCli(['init', dir, '--name', 'Lab A']).status).toBe(0);
    const info = runCli(['info', dir, '--json']);
    expect(info.status).toBe(0);
    expect(JSON.parse(info.stdout)).toMatchObject({ project: { name: 'Lab A', schemaVersion: LATEST_SCHEMA_VERSION }, stats: { images: 0 } });
    temp.cleanup();
  });

  it('answers a bad project with one clear line and exit code 2', () => {
    const temp = makeTempDir();
    writeFileSync(join(temp.dir, 'project.faultline'), 'garbage garbage garbage');
    const result = runCli(['info', temp.dir]);
    expect(result.status).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/^faultline: .*not an SQLite file/);
    temp.cleanup();
  });

  it('refuses an unknown command with a hint', () => {
    const result = runCli(['frobnicate']);
    expect(result.status).not.toBe(0);
    expect(result.stderr).toMatch(/unknown command/);
  });
});
