/**
 * The province admin's CLI: `npm run admin -- <command>`; `npm run admin -- --help` lists the
 * commands. It talks to the API (local or deployed) with the credentials of UNION_TOKEN or
 * UNION_API_KEY, or the local demo's; `dlq` talks to the queues. README, "Admin CLI".
 */
import { resolve } from 'node:path';
import { runAdmin } from './admin/program.js';

process.exitCode = await runAdmin(process.argv.slice(2), {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  errIsTerminal: process.stderr.isTTY === true,
  env: process.env,
  demoFile: resolve(import.meta.dirname, '..', '.local', 'demo.json'),
});
