import { createRequire } from 'node:module';
import { cruise, type ICruiseResult } from 'dependency-cruiser';
import { describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);
const { forbidden, options } = require('../../../.dependency-cruiser.cjs');

async function violations(paths: string[], baseDir = process.cwd()): Promise<string[]> {
  const result = await cruise(paths, { ...options, ruleSet: { forbidden }, baseDir, validate: true });
  const output = result.output as ICruiseResult;
  return output.summary.violations.map((v) => `${v.rule.name}: ${v.from} -> ${v.to}`);
}

describe('import boundaries', () => {
  it('hold for every service, shared/ and events/', async () => {
    expect(await violations(['functions', 'shared', 'events'])).toEqual([]);
  });

  it('refuse a service that imports another service', async () => {
    const found = await violations(['functions'], 'tests/fixtures/boundaries');
    expect(found).toEqual(['service-imports-another-service: functions/alpha/leak.ts -> functions/beta/beta.ts']);
  });
});
