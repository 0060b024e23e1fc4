import { defineConfig } from 'vitest/config';

/**
 * The unit tests alone: no engines, no network. Mutation testing (`npm run mutation`) runs
 * them once per mutant, so they must be fast and must not need DynamoDB Local.
 */
export default defineConfig({
  test: {
    include: ['tests/unit/**/*.test.ts'],
    // Runs dependency-cruiser over the source tree: slow per mutant, and it tests imports, not behaviour.
    exclude: ['tests/unit/architecture/**'],
    pool: 'forks',
    // Stryker's instrumented code runs several times slower: the deep-nesting tests need the room.
    testTimeout: 30_000,
    env: { POWERTOOLS_LOG_LEVEL: 'SILENT' },
  },
});
