import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { runAdmin } from '../../cli/admin/program.js';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
  /** stdout read as JSON (for `--json` runs). */
  json(): any;
}

/**
 * Runs the admin CLI in-process, as `npm run admin -- ...args` would, with `env` as its whole
 * environment (no `.local/demo.json` unless `demoFile` names one).
 */
export async function runCli(args: readonly string[], env: Record<string, string | undefined>, demoFile = join(tmpdir(), 'no-such-demo.json')): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await runAdmin(args, {
    out: (text) => void (stdout += text),
    err: (text) => void (stderr += text),
    errIsTerminal: false,
    env,
    demoFile,
  });
  return { code, stdout, stderr, json: () => JSON.parse(stdout) };
}
