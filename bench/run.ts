/**
 * `npm run bench [-- --quick] [-- --url http://127.0.0.1:3000] [-- --only 'wish claim p95']`: every case (or the named ones) as a ratio of our
 * figure to a baseline measured in the same run on the same engine, one table, and
 * `bench/results.json` with the machine it ran on. See BENCHMARKS.md.
 */
import '../local/log-level.js';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { runBench } from './bench.js';
import { formatCostModel } from './cost-model.js';
import { formatTable, type CaseResult } from './harness.js';

const args = process.argv.slice(2);
const valueOf = (flag: string) => {
  const at = args.indexOf(flag);
  return at >= 0 ? args[at + 1] : undefined;
};
const url = valueOf('--url');
const demoFile = resolve(import.meta.dirname, '..', '.local', 'demo.json');
const dynamodbEndpoint = valueOf('--dynamodb') ?? (url && existsSync(demoFile) ? JSON.parse(readFileSync(demoFile, 'utf8')).endpoints?.dynamodb : undefined);

const only = args.flatMap((arg, at) => (arg === '--only' && args[at + 1] ? [args[at + 1]!] : []));
const report = await runBench({ quick: args.includes('--quick'), url, dynamodbEndpoint, ...(only.length ? { only } : {}), log: (line) => console.error(line) });
const measured = report.results.filter((r): r is CaseResult => 'ratio' in r);
console.log(formatTable(measured));
for (const failed of report.results.filter((r) => 'error' in r)) console.log(`${failed.name}: ERROR ${(failed as { error: string }).error}`);
console.log(`\n${formatCostModel(report.costModel)}`);
console.log(`\n${report.machine.cores} × ${report.machine.cpu}, ${report.machine.memoryGiB} GiB, Node ${report.machine.node}${report.quick ? ' (quick)' : ''}`);
writeFileSync(resolve(import.meta.dirname, 'results.json'), `${JSON.stringify(report, null, 2)}\n`);
