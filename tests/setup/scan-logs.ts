import { afterAll, expect } from 'vitest';
import { plainPersonalData } from '../helpers/personal-data-scan.js';

/**
 * Every test file: what the functions log (their JSON lines on stdout and stderr) must carry no
 * plain ID number, mobile or test person's name. Checked when the file ends, so the whole
 * suite's logs are scanned, at the suite's log level (pii-in-logs.test.ts looks at DEBUG).
 */
const hits: string[] = [];
for (const stream of [process.stdout, process.stderr]) {
  const write = stream.write.bind(stream) as (...args: unknown[]) => boolean;
  stream.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
    const text = String(chunk);
    if (text.startsWith('{"level"')) {
      const source = /"function_name":"([^"]+)"/.exec(text)?.[1] ?? 'a function';
      for (const hit of plainPersonalData(text)) hits.push(`${hit} in a log line of ${source}`);
    }
    return write(chunk, ...rest);
  }) as typeof stream.write;
}

afterAll(() => {
  expect(hits, 'personal data in the logs').toEqual([]);
});
