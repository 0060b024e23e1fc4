/**
 * One case of a full `npm run bench`, in a process of its own (`measureApart` in bench.ts): runs
 * it as `npm run bench -- --only <name>` does, on engines and a province of its own, and writes
 * its result as JSON to the file named.
 */
import '../local/log-level.js';
import { writeFileSync } from 'node:fs';
import { runBench } from './bench.js';

const [name, resultFile] = process.argv.slice(2);
if (!name || !resultFile) throw new Error('usage: run-case.ts <case name> <result file>');
const report = await runBench({ quick: false, only: [name], log: (line) => console.error(line) });
writeFileSync(resultFile, JSON.stringify(report.results[0] ?? { name, error: 'no case has that name' }));
