import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, afterEach, beforeAll, expect, it, vi } from 'vitest';
import { uploadRoster } from '../../../cli/upload-roster.js';

const root = resolve(import.meta.dirname, '../../..');
let dir: string;
let file: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'uploader-'));
  file = join(dir, 'riders.csv');
  execFileSync(resolve(root, 'node_modules/.bin/tsx'), ['cli/roster.ts', 'sample', file, '--rows', '5000'], { cwd: root });
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(() => vi.unstubAllGlobals());

const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': status >= 400 ? 'application/problem+json' : 'application/json' } });

it('fails on a chunk the API refused while the file was still being read, and never completes the roster', async () => {
  const asked: string[] = [];
  vi.stubGlobal('fetch', async (url: string, init: RequestInit) => {
    const path = new URL(url).pathname;
    asked.push(`${init.method} ${path}`);
    if (init.method === 'POST' && path === '/v1/rosters') return json(201, { id: 'rst_1', status: 'receiving' });
    // Completed once completion was asked for: an uploader that lost the refusal finishes without an error.
    const completed = asked.some((call) => call.endsWith('/complete'));
    if (init.method === 'GET') return json(200, { id: 'rst_1', status: completed ? 'completed' : 'receiving', rows: { rejected: 0 }, progress: { chunksApplied: 0 } });
    if (path.endsWith('/complete')) return json(202, { status: 'processing' });
    // The first chunk is refused at once; the others take a while, as a busy API does.
    if (path.endsWith('/chunks/1')) return json(422, { type: 'about:blank', title: 'Unprocessable', status: 422, detail: 'rows: refused' });
    await new Promise((done) => setTimeout(done, 50));
    return json(202, { seq: Number(path.split('/').pop()), accepted: 1000, rejected: [] });
  });

  await expect(uploadRoster({ file, mode: 'snapshot', url: 'http://api.test', apiKey: 'key', concurrency: 10 })).rejects.toThrow('Chunk 1 was refused (422)');
  expect(asked.filter((call) => call.endsWith('/complete'))).toEqual([]);
});
