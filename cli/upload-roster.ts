import { createHash } from 'node:crypto';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { MAX_ROWS_PER_CHUNK, validateRows } from '../functions/rosters/domain/chunk.js';
import { fileDigest, readRosterFile } from './roster-file.js';

export interface UploadOptions {
  file: string;
  mode: 'snapshot' | 'delta';
  /** When the roster's data was true (default: when the upload first started). */
  asOf?: string;
  /** The API's base URL, e.g. http://127.0.0.1:3000. */
  url: string;
  apiKey: string;
  /** Chunks in flight at once. */
  concurrency?: number;
  /** Rows a chunk (1 to the API's 1,000, the default): smaller chunks for a slow link. A resumed upload keeps its first run's. */
  chunkRows?: number;
  /** Wait for the roster to be applied and print its counts (default true). */
  wait?: boolean;
  log?: (line: string) => void;
  /** Called as rows go out and chunks are applied, to draw a progress bar. */
  progress?: (phase: 'sending' | 'applying', done: number, total: number) => void;
}

export interface UploadResult {
  rosterId: string;
  status: string;
  rows: Record<string, number>;
  /** Where the roster's rejected rows were written, when there were any. */
  rejectionsFile?: string;
  /** Chunks this run sent (a resumed run sends only those the last one did not). */
  chunksSent: number;
}

/** What an upload remembers beside its file, so a run killed half way resumes where it stopped. */
interface UploadState {
  digest: string;
  mode: 'snapshot' | 'delta';
  asOf: string;
  rosterId?: string;
  /** Rows a chunk: the chunks' numbers depend on it. */
  chunkRows: number;
  /** Chunks the API acknowledged. */
  sent: number[];
}

/** Something the partner must fix before (or instead of) uploading; the message says what. */
export class UploadRefusedError extends Error {}

export const stateFileOf = (file: string) => `${file}.upload.json`;
export const rejectionsFileOf = (file: string) => `${file}.rejections.csv`;

function saveState(file: string, state: UploadState): void {
  const path = stateFileOf(file);
  writeFileSync(`${path}.tmp`, JSON.stringify(state));
  renameSync(`${path}.tmp`, path);
}

/** Reads the file once: counts its rows, reports those the API would reject, refuses a rider listed twice. */
async function checkFile(file: string, log: (line: string) => void): Promise<{ rows: number }> {
  let rows = 0;
  let invalid = 0;
  const firstLine = new Map<string, number>();
  const repeated: string[] = [];
  for await (const { line, row } of readRosterFile(file)) {
    rows++;
    const { rejected } = validateRows([row]);
    if (rejected.length > 0 && ++invalid <= 10) log(`line ${line}: ${rejected.map((r) => `${r.path} ${r.message}`).join('; ')}`);
    const riderId = typeof row.riderId === 'string' ? row.riderId.trim() : undefined;
    if (!riderId) continue;
    const seen = firstLine.get(riderId);
    if (seen !== undefined) repeated.push(`rider ${riderId} on lines ${seen} and ${line}`);
    else firstLine.set(riderId, line);
  }
  if (repeated.length > 0) throw new UploadRefusedError(`A rider may appear once in a roster: ${repeated.slice(0, 10).join(', ')}${repeated.length > 10 ? ` and ${repeated.length - 10} more` : ''}`);
  if (rows === 0) throw new UploadRefusedError('The file holds no rows');
  if (invalid > 0) log(`${invalid} rows will be rejected (the API lists them all once the roster is applied)`);
  return { rows };
}

/** The file's rows in chunks of `size`, numbered from 1, read as they are needed. */
async function* chunksOf(file: string, size: number): AsyncGenerator<{ seq: number; rows: Record<string, unknown>[] }> {
  let rows: Record<string, unknown>[] = [];
  let seq = 0;
  for await (const { row } of readRosterFile(file)) {
    rows.push(row);
    if (rows.length === size) {
      yield { seq: ++seq, rows };
      rows = [];
    }
  }
  if (rows.length > 0) yield { seq: ++seq, rows };
}

interface Answer {
  status: number;
  headers: Headers;
  body: any;
}

/**
 * How long the uploader keeps waiting as the API asks (Retry-After): longer than a roster may
 * take to apply (an hour, then the watchdog fails it), since completing a roster waits for the
 * partner's roster being applied.
 */
const ASKED_WAIT_MS = 75 * 60_000;

/**
 * Calls the API, again and again on what a retry can fix: 429 and 409 with a Retry-After (too
 * many requests; the same request still running, e.g. one this run or a killed one sent before
 * and gave up on; another roster of the partner being applied), after its Retry-After, for
 * `ASKED_WAIT_MS` in all; 5xx and network failures, backing off, a bounded number of times.
 * Any other answer is returned.
 */
async function call(options: UploadOptions, method: string, path: string, init: { body?: unknown; idempotencyKey?: string; accept?: string } = {}): Promise<Answer> {
  const headers: Record<string, string> = { 'x-api-key': options.apiKey };
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  if (init.idempotencyKey) headers['idempotency-key'] = init.idempotencyKey;
  if (init.accept) headers.accept = init.accept;
  let askedWaits = 0;
  let failures = 0;
  const backOff = (reason: string) => {
    failures += 1;
    if (failures >= 10) throw new Error(`${method} ${path} failed ${failures} times, last: ${reason}`);
    return 500 * 2 ** Math.min(failures, 5);
  };
  for (;;) {
    let response: Response;
    let text: string;
    try {
      response = await fetch(`${options.url}${path}`, { method, headers, body: init.body === undefined ? undefined : JSON.stringify(init.body) });
      text = await response.text();
    } catch (error) {
      await sleep(backOff((error as Error).message));
      continue;
    }
    const waitAsked = (response.status === 429 || response.status === 409) && response.headers.has('retry-after');
    if (!waitAsked && response.status !== 429 && response.status < 500) {
      let body: unknown = text;
      if ((response.headers.get('content-type') ?? '').includes('json')) body = text ? JSON.parse(text) : undefined;
      return { status: response.status, headers: response.headers, body };
    }
    if (!waitAsked) {
      await sleep(backOff(`answered ${response.status}: ${text.slice(0, 200)}`));
      continue;
    }
    const wait = Number(response.headers.get('retry-after')) * 1000;
    askedWaits += wait;
    if (askedWaits > ASKED_WAIT_MS) throw new Error(`${method} ${path} kept answering ${response.status} for ${Math.round(ASKED_WAIT_MS / 60_000)} minutes: ${text.slice(0, 200)}`);
    await sleep(wait);
  }
}

const problem = (answer: Answer) => (typeof answer.body === 'object' && answer.body ? (answer.body.detail ?? answer.body.title) : String(answer.body).slice(0, 200));

/**
 * Uploads a roster file the way the API wants it: checks it locally, opens a roster (with an
 * Idempotency-Key, so a retried request opens one), sends its chunks (a few at a time, each
 * retried as it is, so the API answers a repeat as the first time), completes it, waits for it
 * to be applied, and saves its rejected rows as CSV beside the file. It remembers its progress
 * beside the file: run again after being killed, it sends only what was not acknowledged.
 */
export async function uploadRoster(options: UploadOptions): Promise<UploadResult> {
  const log = options.log ?? (() => undefined);
  const { rows } = await checkFile(options.file, log);
  const digest = await fileDigest(options.file);
  const statePath = stateFileOf(options.file);
  const chunkRows = options.chunkRows ?? MAX_ROWS_PER_CHUNK;
  if (!Number.isInteger(chunkRows) || chunkRows < 1 || chunkRows > MAX_ROWS_PER_CHUNK) throw new UploadRefusedError(`--chunk-rows is a whole number from 1 to ${MAX_ROWS_PER_CHUNK}`);
  let state: UploadState = { digest, mode: options.mode, asOf: options.asOf ?? new Date().toISOString(), chunkRows, sent: [] };
  if (existsSync(statePath)) {
    const saved = JSON.parse(readFileSync(statePath, 'utf8')) as UploadState;
    if (saved.digest !== digest || saved.mode !== options.mode) {
      throw new UploadRefusedError(`${statePath} belongs to another upload (the file or the mode changed since); delete it to start over`);
    }
    // Files saved before chunk sizes could be chosen used the API's.
    state = { ...saved, chunkRows: saved.chunkRows ?? MAX_ROWS_PER_CHUNK };
    if (state.rosterId) log(`resuming roster ${state.rosterId}: ${state.sent.length} chunks were sent before`);
  }
  const key = createHash('sha256').update(`${digest}\u0000${state.mode}\u0000${state.asOf}`).digest('hex').slice(0, 40);

  if (!state.rosterId) {
    const opened = await call(options, 'POST', '/v1/rosters', { body: { mode: state.mode, asOf: state.asOf }, idempotencyKey: `roster-${key}` });
    if (opened.status !== 201) throw new UploadRefusedError(`The API would not open a roster (${opened.status}): ${problem(opened)}`);
    state = { ...state, rosterId: opened.body.id as string };
    saveState(options.file, state);
  }
  const rosterId = state.rosterId!;
  const chunks = Math.ceil(rows / state.chunkRows);
  let roster = await call(options, 'GET', `/v1/rosters/${rosterId}`);
  if (roster.status !== 200) throw new UploadRefusedError(`Roster ${rosterId} cannot be read (${roster.status}): ${problem(roster)}`);

  let chunksSent = 0;
  if (roster.body.status === 'receiving') {
    const sent = new Set(state.sent);
    let rowsSent = Math.min(rows, sent.size * state.chunkRows);
    options.progress?.('sending', rowsSent, rows);
    const inFlight = new Set<Promise<void>>();
    // A send that failed while others ran is kept here, not lost with its finished promise.
    let refused: unknown;
    for await (const chunk of chunksOf(options.file, state.chunkRows)) {
      if (refused) break;
      if (sent.has(chunk.seq)) continue;
      const sending = (async () => {
        const answer = await call(options, 'PUT', `/v1/rosters/${rosterId}/chunks/${chunk.seq}`, { body: { rows: chunk.rows } });
        if (answer.status !== 202) throw new UploadRefusedError(`Chunk ${chunk.seq} was refused (${answer.status}): ${problem(answer)}`);
        sent.add(chunk.seq);
        state = { ...state, sent: [...sent].sort((a, b) => a - b) };
        saveState(options.file, state);
        chunksSent++;
        rowsSent += chunk.rows.length;
        options.progress?.('sending', rowsSent, rows);
      })();
      inFlight.add(sending);
      void sending.catch((error) => (refused ??= error)).finally(() => inFlight.delete(sending));
      // Reading waits while enough chunks are in flight: the file is never held whole.
      if (inFlight.size >= (options.concurrency ?? 4)) await Promise.race(inFlight).catch(() => undefined);
    }
    await Promise.allSettled(inFlight);
    if (refused) throw refused;
    const completed = await call(options, 'POST', `/v1/rosters/${rosterId}/complete`, { body: { chunks }, idempotencyKey: `complete-${key}` });
    if (completed.status !== 202) throw new UploadRefusedError(`Roster ${rosterId} could not be completed (${completed.status}): ${problem(completed)}`);
  }
  if (options.wait === false) return { rosterId, status: 'processing', rows: {}, chunksSent };

  for (;;) {
    roster = await call(options, 'GET', `/v1/rosters/${rosterId}`);
    const { status, progress } = roster.body;
    if (status === 'processing') options.progress?.('applying', progress.chunksApplied, chunks);
    if (status !== 'processing' && status !== 'receiving') break;
    await sleep(1000);
  }
  const result: UploadResult = { rosterId, status: roster.body.status, rows: roster.body.rows, chunksSent };
  if (roster.body.status === 'failed') log(`roster ${rosterId} failed: ${roster.body.failureReason}`);
  if (roster.body.rows.rejected > 0) result.rejectionsFile = await saveRejections(options, rosterId);
  return result;
}

/** Every page of the roster's rejections as CSV, into one file beside the roster's. */
async function saveRejections(options: UploadOptions, rosterId: string): Promise<string> {
  const path = rejectionsFileOf(options.file);
  let next: string | undefined = `/v1/rosters/${rosterId}/rejections`;
  let text = '';
  while (next) {
    const page = await call(options, 'GET', next, { accept: 'text/csv' });
    if (page.status !== 200) throw new Error(`The rejections of ${rosterId} could not be read (${page.status})`);
    const body = String(page.body).replace(/^\uFEFF/, '');
    // Each page repeats the header; the file keeps the first.
    text += text === '' ? body : body.slice(body.indexOf('\r\n') + 2);
    next = /<([^>]+)>;\s*rel="next"/.exec(page.headers.get('link') ?? '')?.[1];
  }
  writeFileSync(path, `\uFEFF${text}`);
  return path;
}
