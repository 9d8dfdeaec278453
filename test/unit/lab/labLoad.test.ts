import { afterAll, describe, expect, it } from 'vitest';
import { runLabLoad } from '../../helpers/labLoad/labLoad.js';
import { makeTempDir } from '../../helpers/tempDir.js';

describe('several annotators on one server host, with dropped connections', () => {
  const temp = makeTempDir();
  afterAll(() => temp.cleanup());

  it('stores every confirmed rating and mask exactly once', async () => {
    const report = await runLabLoad({ dir: temp.dir, annotators: 4, actionsEach: 6, dropChance: 0.3, seed: 19 });
    expect(report.errors).toEqual([]);
    expect(report.failed).toBe(0);
    expect(report.sent + report.nothingLeft).toBe(24);
    expect(report.confirmed).toBeGreaterThan(0);
    expect(report.confirmed + report.refused).toBe(report.sent);
    expect(report.disconnects).toBeGreaterThan(0);
    expect({ lost: report.lost, duplicated: report.duplicated, stored: report.stored }).toEqual({ lost: 0, duplicated: 0, stored: report.confirmed });
  });
});
