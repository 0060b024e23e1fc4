import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    globalSetup: ['tests/global-setup.ts'],
    setupFiles: ['tests/setup/scan-logs.ts'],
    pool: 'forks',
    // Two files at a time, each on a DynamoDB Local of its own (tests/global-setup.ts): the
    // engine serves one request at a time, and one file alone leaves a core idle.
    maxWorkers: 2,
    // Every answer the handlers give in tests is checked against the API document's schemas.
    // Business metrics go to stdout past vitest's console capture: off, except in their own test.
    env: { POWERTOOLS_LOG_LEVEL: process.env.POWERTOOLS_LOG_LEVEL ?? 'WARN', POWERTOOLS_METRICS_DISABLED: 'true', VALIDATE_RESPONSES: 'true' },
    testTimeout: 30_000,
    // expect.poll waits for what a request or a page does; a second is too short on a busy runner.
    expect: { poll: { timeout: 15_000 } },
    hookTimeout: 60_000,
    // Functions log JSON to stdout; keep test output to failures unless asked.
    silent: 'passed-only',
  },
});
