/**
 * The partner's roster tool.
 *
 *   npm run roster -- upload <file.csv|file.jsonl> --mode snapshot --api-key <key> [--url http://127.0.0.1:3000]
 *   npm run roster -- sample <file.csv> --rows 100000 [--change 2 --depart 1 --seed 1]
 *
 * `upload` checks the file, sends it in chunks with a progress bar, completes the roster, waits
 * for it to be applied and prints its counts; killed, it resumes where it stopped when run again
 * (its progress is kept in `<file>.upload.json`). `sample` writes a file of fictional riders to
 * try it with: a second sample with `--change` and `--depart` is the next day's snapshot.
 */
import { parseArgs } from 'node:util';
import { progressBar } from './progress.js';
import { writeSampleFile } from './roster-file.js';
import { UploadRefusedError, uploadRoster } from './upload-roster.js';

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    mode: { type: 'string', default: 'snapshot' },
    'as-of': { type: 'string' },
    url: { type: 'string', default: process.env.ROSTER_API_URL ?? 'http://127.0.0.1:3000' },
    'api-key': { type: 'string', default: process.env.ROSTER_API_KEY },
    concurrency: { type: 'string', default: '4' },
    'chunk-rows': { type: 'string', default: '1000' },
    rows: { type: 'string', default: '1000' },
    change: { type: 'string', default: '0' },
    depart: { type: 'string', default: '0' },
  },
});

const [command, file] = positionals;

/** The upload's two phases on one bar. */
function uploadProgress() {
  const bar = progressBar((text) => process.stderr.write(text), process.stderr.isTTY === true);
  return (phase: 'sending' | 'applying', done: number, total: number) =>
    bar(done, total, phase === 'sending' ? `sending: sent ${done.toLocaleString()} of ${total.toLocaleString()} rows` : `applying: applied ${done} of ${total} chunks`);
}

async function main(): Promise<void> {
  if (!file || (command !== 'upload' && command !== 'sample')) {
    console.error('usage: npm run roster -- upload <file.csv|file.jsonl> --mode snapshot|delta --api-key <key> [--url <api>] [--chunk-rows <1-1000>] [--concurrency <n>]\n       npm run roster -- sample <file.csv> --rows <n> [--change <percent>] [--depart <percent>]');
    process.exit(2);
  }
  if (command === 'sample') {
    const written = await writeSampleFile(file, { rows: Number(values.rows), change: Number(values.change), depart: Number(values.depart) });
    console.log(`wrote ${written.toLocaleString()} riders to ${file}`);
    return;
  }
  const mode = values.mode;
  if (mode !== 'snapshot' && mode !== 'delta') throw new UploadRefusedError('--mode is snapshot or delta');
  if (!values['api-key']) throw new UploadRefusedError('--api-key (or ROSTER_API_KEY) is the partner\'s API key');
  const result = await uploadRoster({
    file,
    mode,
    url: values.url!,
    apiKey: values['api-key'],
    concurrency: Number(values.concurrency),
    chunkRows: Number(values['chunk-rows']),
    ...(values['as-of'] ? { asOf: values['as-of'] } : {}),
    log: (line) => console.error(line),
    progress: uploadProgress(),
  });
  console.log(`roster ${result.rosterId}: ${result.status}`);
  console.log(Object.entries(result.rows).map(([name, count]) => `  ${name.padEnd(9)} ${count.toLocaleString()}`).join('\n'));
  if (result.rejectionsFile) console.log(`rejected rows: ${result.rejectionsFile}`);
  if (result.status !== 'completed') process.exitCode = 1;
}

main().catch((error: Error) => {
  console.error(error instanceof UploadRefusedError ? error.message : error.stack ?? error.message);
  process.exit(1);
});
