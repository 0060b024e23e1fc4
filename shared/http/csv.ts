import type { APIGatewayProxyResult } from 'aws-lambda';
import { prefers } from './negotiate.js';

/**
 * Whether an `Accept` header asks for CSV before JSON: `text/csv` with a quality above zero and
 * at least that of `application/json` (`text/csv, application/json;q=0.5`, say).
 */
export const wantsCsv = (accept: string | undefined): boolean => prefers(accept, 'text/csv', 'application/json');

/**
 * One CSV field (RFC 4180): quoted when it holds a comma, quote or line break; a text that a
 * spreadsheet would run as a formula (`=`, `+`, `-`, `@` first) is defused with a leading `'`.
 */
export function csvField(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return String(value);
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** Rows as CSV text, CRLF line ends, with a header row. */
export const toCsv = (header: readonly string[], rows: readonly (readonly (string | number | null | undefined)[])[]): string =>
  [header, ...rows].map((row) => row.map(csvField).join(',')).join('\r\n') + '\r\n';

/** A 200 answer in CSV, UTF-8 with a BOM so spreadsheet programs read Chinese text right. */
export const csv = (text: string, filename: string): APIGatewayProxyResult => ({
  statusCode: 200,
  headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="${filename}"` },
  body: `\uFEFF${text}`,
});
