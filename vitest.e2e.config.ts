// Browser tests: real server (demo mode, fresh PGlite folder) driven through Debian's
// Chromium by playwright-core. One file at a time: each starts its own server.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/e2e/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 240_000,
    pool: 'forks',
    maxWorkers: 1,
    fileParallelism: false,
  },
});
