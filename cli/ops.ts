/**
 * The operator's CLI: `npm run ops -- <command>`; `npm run ops -- --help` lists the commands.
 * It uses the AWS credentials and region of the environment (AWS_PROFILE, AWS_REGION). DEPLOY.md.
 */
import { runOps } from './ops/program.js';

process.exitCode = await runOps(process.argv.slice(2), { out: (text) => process.stdout.write(text), err: (text) => process.stderr.write(text) });
