import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/support/build.ts'],
    // colours off, as for a user who pipes the output: tests read plain text in-process too;
    // no GitHub step summary, or every command a test runs on GitHub's runners would add to it
    env: { NO_COLOR: '1', GITHUB_STEP_SUMMARY: '' },
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // one test file per core at least (vitest's default leaves one core idle): most files wait
    // on child processes and real servers, so two run well side by side even on two cores
    maxWorkers: Math.max(2, availableParallelism()),
  },
});
