import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.ts', 'test/contract/**/*.test.ts', 'test/integration/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // A small demo world wherever a test opens the demo project (the full one takes about a minute).
    env: { FAULTLINE_DEMO_SIZES: '24,8,24' },
  },
});
