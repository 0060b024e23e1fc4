import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writePrivateFile } from '../../../local/private-file.js';

describe('writePrivateFile()', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'private-file-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const modeOf = (file: string) => statSync(file).mode & 0o777;

  it('creates the file readable by its owner only', () => {
    const file = join(dir, 'demo.json');
    writePrivateFile(file, '{"apiKey":"ugk_1"}');
    expect(modeOf(file)).toBe(0o600);
    expect(readFileSync(file, 'utf8')).toBe('{"apiKey":"ugk_1"}');
  });

  it('narrows an existing world-readable file to 0600 and replaces its text', () => {
    const file = join(dir, 'demo.json');
    writeFileSync(file, 'an older and longer text');
    chmodSync(file, 0o644);
    expect(modeOf(file)).toBe(0o644);
    writePrivateFile(file, 'new');
    expect(modeOf(file)).toBe(0o600);
    expect(readFileSync(file, 'utf8')).toBe('new');
  });
});
