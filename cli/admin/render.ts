/**
 * Plain-text tables and bar charts for a terminal. Chinese characters take two columns there,
 * so widths count them twice (org names are Chinese).
 */

/** Columns a string takes in a terminal: East Asian wide and full-width characters take two. */
export function displayWidth(text: string): number {
  let width = 0;
  for (const char of text) width += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6\u{20000}-\u{3fffd}]/u.test(char) ? 2 : 1;
  return width;
}

const padEnd = (text: string, width: number) => text + ' '.repeat(Math.max(0, width - displayWidth(text)));
const padStart = (text: string, width: number) => ' '.repeat(Math.max(0, width - displayWidth(text))) + text;

/** A table with a header row; numbers are right-aligned. */
export function table(header: readonly string[], rows: readonly (readonly (string | number)[])[]): string {
  const cells = rows.map((row) => row.map((cell) => (typeof cell === 'number' ? cell.toLocaleString('en-US') : cell)));
  const widths = header.map((title, column) => Math.max(displayWidth(title), ...cells.map((row) => displayWidth(row[column] ?? ''))));
  const numeric = header.map((_, column) => rows.length > 0 && rows.every((row) => typeof row[column] === 'number'));
  const line = (row: readonly string[]) =>
    row.map((cell, column) => (numeric[column] ? padStart(cell, widths[column]!) : padEnd(cell, widths[column]!))).join('  ').trimEnd();
  return [line(header), widths.map((width) => '-'.repeat(width)).join('  '), ...cells.map(line)].join('\n');
}

/** A horizontal bar chart: one bar of `#` per entry, scaled so the largest value fills `width`. */
export function barChart(title: string, entries: readonly (readonly [string, number])[], width = 40): string {
  if (entries.length === 0) return `${title}\n  (none)`;
  const labelWidth = Math.max(...entries.map(([label]) => displayWidth(label)));
  const largest = Math.max(...entries.map(([, value]) => value));
  const bars = entries.map(([label, value]) => {
    const length = largest === 0 ? 0 : Math.max(value > 0 ? 1 : 0, Math.round((value / largest) * width));
    return `  ${padEnd(label, labelWidth)} | ${'#'.repeat(length)} ${value.toLocaleString('en-US')}`;
  });
  return [title, ...bars].join('\n');
}

/** Fen as yuan with two decimals: 50000 → "500.00". */
export const yuan = (fen: number) => (fen / 100).toFixed(2);
