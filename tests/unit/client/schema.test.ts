import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { generatedSchema, SCHEMA_FILE } from '../../../client/generate.js';

describe('client/schema.d.ts', () => {
  it('is what `npm run client` generates from docs/openapi.json (run it after `npm run openapi`)', async () => {
    expect(await readFile(SCHEMA_FILE, 'utf8')).toBe(await generatedSchema());
  });
});
