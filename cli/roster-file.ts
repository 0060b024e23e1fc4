import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';

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
