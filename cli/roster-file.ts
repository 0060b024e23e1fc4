import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { createReadStream, createWriteStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { idNumberCheckCharacter } from '../shared/identity/id-number.js';

/** The fields of a roster row, in the order a CSV file's header names them (any order works). */
export const ROW_FIELDS = ['riderId', 'name', 'mobile', 'idNumber', 'regionCode', 'occupation', 'station', 'status'] as const;

export interface FileRow {
  /** The row's line in the file, from 1 (the CSV header is line 1). */
  line: number;
  row: Record<string, unknown>;
}

/** One CSV record's fields (RFC 4180: quoted fields may hold commas and doubled quotes; no line breaks inside). */
export function csvFields(text: string): string[] {
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (char === '"') quoted = false;
      else field += char;
    } else if (char === '"' && field === '') quoted = true;
    else if (char === ',') {
      fields.push(field);
      field = '';
    } else field += char;
  }
  fields.push(field);
  return fields;
}

/**
 * The rows of a roster file, read line by line (never the whole file in memory): JSON Lines
 * (`.jsonl`, one object a line) or CSV with a header row naming the fields. Blank lines are
 * skipped; an empty CSV field is an absent field (so `station` may be left empty). A line that
 * is not JSON, or a CSV line with more fields than the header, is a row of its own the server
 * would reject: it is yielded as `{ unreadable: … }` for the local check to report.
 */
export async function* readRosterFile(path: string): AsyncGenerator<FileRow> {
  const lines = createInterface({ input: createReadStream(path, 'utf8'), crlfDelay: Infinity });
  const csv = !path.endsWith('.jsonl');
  let header: string[] | undefined;
  let line = 0;
  for await (const raw of lines) {
    line++;
    const text = line === 1 ? raw.replace(/^\uFEFF/, '') : raw;
    if (text.trim() === '') continue;
    if (!csv) {
      try {
        yield { line, row: JSON.parse(text) as Record<string, unknown> };
      } catch {
        yield { line, row: { unreadable: 'not a JSON object' } };
      }
      continue;
    }
    const fields = csvFields(text);
    if (!header) {
      header = fields.map((field) => field.trim());
      continue;
    }
    if (fields.length > header.length) {
      yield { line, row: { unreadable: `has ${fields.length} fields, the header ${header.length}` } };
      continue;
    }
    yield { line, row: Object.fromEntries(header.flatMap((name, i) => (fields[i] ? [[name, fields[i]]] : []))) };
  }
}

/** SHA-256 of the file's bytes, read as a stream: what makes a resumed upload the same upload. */
export async function fileDigest(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** Riders a sample may hold: every one has an ID number of its own (a birthday in 1988 and a sequence). */
export const MAX_SAMPLE_RIDERS = 336_000;

/**
 * Rider `n` of a sample, as a day's snapshot lists it: the first `change` percent of riders
 * moved station, everyone else as before. Fictional people with valid ID numbers.
 */
function sampleRow(n: number, rows: number, change: number): string[] {
  const month = String((Math.floor(n / 28_000) % 12) + 1).padStart(2, '0');
  const day = String((Math.floor(n / 1000) % 28) + 1).padStart(2, '0');
  const first17 = `3502031988${month}${day}${String(n % 1000).padStart(3, '0')}`;
  const moved = n < (rows * change) / 100;
  return [`R${String(n).padStart(7, '0')}`, '测试骑手', `137${String(n).padStart(8, '0')}`, first17 + idNumberCheckCharacter(first17), '350203', 'food_delivery', moved ? `湖里站${n % 40}` : `思明站${n % 40}`, 'active'];
}

/**
 * Writes a CSV roster of `rows` fictional riders, streamed: with `change` percent of them at
 * another station and the last `depart` percent left out, it is the next day's snapshot of the
 * same platform. Answers how many riders it wrote.
 */
export async function writeSampleFile(path: string, options: { rows: number; change?: number; depart?: number }): Promise<number> {
  if (options.rows > MAX_SAMPLE_RIDERS) throw new RangeError(`A sample holds at most ${MAX_SAMPLE_RIDERS.toLocaleString()} riders`);
  const keep = options.rows - Math.floor((options.rows * (options.depart ?? 0)) / 100);
  const out = createWriteStream(path, 'utf8');
  out.write(`${ROW_FIELDS.join(',')}\n`);
  for (let n = 0; n < keep; n++) {
    if (!out.write(`${sampleRow(n, options.rows, options.change ?? 0).join(',')}\n`)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  return keep;
}
