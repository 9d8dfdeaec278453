import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { FIXTURE_ROOT, SHARED_FIXTURE_ROOT } from './labelQualityFixtures.js';

it.skipIf(!existsSync(SHARED_FIXTURE_ROOT))('the fixture copy in test/fixtures is byte-identical to the shared original', () => {
  for (const name of readdirSync(SHARED_FIXTURE_ROOT)) {
    for (const file of readdirSync(path.join(SHARED_FIXTURE_ROOT, name))) {
      expect(readFileSync(path.join(FIXTURE_ROOT, name, file)).equals(readFileSync(path.join(SHARED_FIXTURE_ROOT, name, file))), `${name}/${file}`).toBe(true);
    }
  }
});
