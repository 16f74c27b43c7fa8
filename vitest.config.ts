import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/support/build.ts'],
    // colours off, as for a user who pipes the output: tests read plain text in-process too
    env: { NO_COLOR: '1' },
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // one test file per core at least (vitest's default leaves one core idle): most files wait
    // on child processes and real servers, so two run well side by side even on two cores
    maxWorkers: Math.max(2, availableParallelism()),
  },
});
