import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { runCli } from '../../../electron/cli/main.js';
import { projectDbPath } from '../../../electron/core/store/projectFiles.js';
import { seedQualityProject, type QualitySeed } from '../../helpers/seedQualityProject.js';
import { makeTempDir } from '../../helpers/tempDir.js';

/** Runs `faultline ARGS` in this process, as bin/faultline.js does, capturing what it prints and its exit code. */
async function faultline(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    stdout += String(chunk);
    return true;
  });
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
    stderr += String(chunk);
    return true;
  });
  const code = await runCli(['node', 'faultline', ...args]);
  vi.restoreAllMocks();
  return { code, stdout, stderr };
}

describe('faultline quality', () => {
  const temp = makeTempDir();
  const dir = join(temp.dir, 'project');
  let seed: QualitySeed;
  // The name the label error had in the user's own folder; the other images were stored without one.
  const badSource = 'field/day 2/bad-0042.png';

  beforeAll(async () => {
    seed = await seedQualityProject(dir, { model: 'stored' });
    const db = new Database(projectDbPath(dir));
    db.prepare('UPDATE images SET source_path = ? WHERE id = ?').run(badSource, seed.ids.bad);
    db.close();
  });
  afterEach(() => {
    vi.restoreAllMocks();
    process.exitCode = undefined;
  });
  afterAll(() => temp.cleanup());

  it('scores S0 from stored probabilities and prints the worst images and the common issues', async () => {
    const { code, stdout, stderr } = await faultline(['quality', dir]);
    expect(code, stderr).toBe(0);
    expect(stdout).toContain('Run 1: 5 images of S0 scored with colour 1.0 (stored probabilities, 8×6 score map)');
    expect(stdout).toContain('1 image has flagged pixels; confident learning estimates 24 mislabelled score-map pixels.');
    const worst = stdout.split('\n').slice(stdout.split('\n').indexOf('Worst images (lowest score first):') + 2);
    expect(worst[0]).toMatch(new RegExp(`^\\s+0\\.0000\\s+96\\s+${seed.ids.bad}\\s+field/day 2/bad-0042\\.png$`));
    // An image stored without an import name is named by its project path, never by a content hash.
    expect(worst.slice(1, 5).every((line) => /\simages\/[a-z-]+\.png$/.test(line)), worst.join('\n')).toBe(true);
    expect(stdout).toMatch(/red → green\s+96 px in 1 image\n/);
    expect(stdout).not.toContain('Note:');
  });

  it('prints the run as JSON and notes images left out for want of stored probabilities', async () => {
    const db = new Database(projectDbPath(dir));
    db.prepare('UPDATE predictions SET probs = NULL WHERE image_id = ?').run(seed.ids.green);
    db.close();
    const { code, stdout } = await faultline(['quality', dir, '--set', 'S0', '--model', String(seed.modelId), '--source', 'stored', '--json']);
    expect(code).toBe(0);
    const report = JSON.parse(stdout) as {
      run: { id: number; images: number; warnings: string[] };
      worst: Array<{ imageId: number; relPath: string; sourcePath: string | null }>;
      commonIssues: Array<{ pixels: number }>;
    };
    expect(report.run).toMatchObject({ id: 2, images: 4, skipped: { noProbabilities: 1 } });
    expect(report.run.warnings[0]).toContain('--store-probs');
    expect(report.worst[0]).toMatchObject({ imageId: seed.ids.bad, relPath: 'images/bad.png', sourcePath: badSource });
    expect(report.worst.slice(1).map((w) => w.sourcePath)).toEqual([null, null, null]);
    expect(report.commonIssues).toEqual([{ given: 0, predicted: 1, givenName: 'red', predictedName: 'green', pixels: 96, images: 1 }]);
    const text = await faultline(['quality', dir, '--source', 'stored']);
    expect(text.stdout).toContain('Note: 1 of 5 labelled images of S0 have no stored probabilities of model colour 1.0');
  });

  it('refuses an unknown set or source with one line', async () => {
    const unknown = await faultline(['quality', dir, '--set', 'T7']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toBe('faultline: There is no labelled set named T7; the sets are S0, T0.\n');
    const source = await faultline(['quality', dir, '--source', 'cache']);
    expect(source.code).not.toBe(0);
    expect(source.stderr).toContain('stored (probabilities kept by inference) or fresh (run the model now)');
  });
});
