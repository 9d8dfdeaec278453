import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { readLastProject, writeLastProject } from '../../../electron/server/lastProject.js';
import { makeTempDir } from '../../helpers/tempDir.js';

describe('the project a server host had open when it stopped', () => {
  const temp = makeTempDir('faultline-last-project-');
  afterEach(() => writeLastProject(temp.dir, null));
  afterAll(() => temp.cleanup());

  it('is read back as written, and null once the project was closed', () => {
    expect(readLastProject(temp.dir)).toBeNull();
    writeLastProject(temp.dir, { dir: '/data/street', readOnly: true });
    expect(readLastProject(temp.dir)).toEqual({ dir: '/data/street', readOnly: true });
    writeLastProject(temp.dir, null);
    expect(readLastProject(temp.dir)).toBeNull();
  });

  it('treats a damaged or foreign record as nothing to resume', () => {
    writeFileSync(join(temp.dir, 'serve-last-project.json'), '{"dir": "/data/st');
    expect(readLastProject(temp.dir)).toBeNull();
    writeFileSync(join(temp.dir, 'serve-last-project.json'), '{"dir": 3, "readOnly": false}');
    expect(readLastProject(temp.dir)).toBeNull();
  });
});
