import { describe, expect, it } from 'vitest';
import { csv, csvField, toCsv, wantsCsv } from '../../../shared/http/csv.js';

describe('wantsCsv()', () => {
  it('reads the Accept header by quality: CSV when it ranks at least as high as JSON', () => {
    expect(wantsCsv('text/csv')).toBe(true);
    expect(wantsCsv('text/csv, application/json;q=0.5')).toBe(true);
    expect(wantsCsv('application/json;q=0.9, TEXT/CSV')).toBe(true);
    expect(wantsCsv('text/csv;q=0.4, application/json')).toBe(false);
    expect(wantsCsv('text/csv;q=0')).toBe(false);
    expect(wantsCsv('text/csv;q=oops')).toBe(false);
    expect(wantsCsv('application/json')).toBe(false);
    expect(wantsCsv('*/*')).toBe(false);
    expect(wantsCsv(undefined)).toBe(false);
  });
});

describe('CSV text', () => {
  it('quotes fields that need it and defuses what a spreadsheet would run as a formula', () => {
    expect(csvField('思明区总工会')).toBe('思明区总工会');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('line\nbreak')).toBe('"line\nbreak"');
    expect(csvField('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    for (const lead of ['+', '-', '@', '\t']) expect(csvField(`${lead}1`)).toBe(`'${lead}1`);
    expect(csvField(-5)).toBe('-5');
    expect(csvField(null)).toBe('');
    expect(csvField(undefined)).toBe('');
  });

  it('writes a header and rows with CRLF ends, served with a BOM as an attachment', () => {
    const text = toCsv(['name', 'count'], [['甲公司', 2], ['乙, 公司', null]]);
    expect(text).toBe('name,count\r\n甲公司,2\r\n"乙, 公司",\r\n');
    expect(csv(text, 'report.csv')).toEqual({
      statusCode: 200,
      headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': 'attachment; filename="report.csv"' },
      body: `\uFEFF${text}`,
    });
  });
});
