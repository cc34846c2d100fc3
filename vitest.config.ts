import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts', 'tests/**/*.test.tsx'],
    // Real servers, Redis and Chromium: give slow machines room, but never hide a hang.
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // expect.poll waits for state crossing processes (a page, the worker, the relay): 1 s by
    // default, which a machine busy with other suites can pass while everything is right.
    expect: { poll: { timeout: 10_000 } },
    globalSetup: ['tests/setup/global.ts'],
    // Two cores: e2e files each launch Chromium, so keep file parallelism modest.
    maxWorkers: 2,
    allowOnly: false,
    reporters: ['default', './tests/setup/summary-reporter.ts'],
  },
});
