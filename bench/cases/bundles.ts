import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { authorizer, consumers, outboxRelay, routes, schedules } from '../../functions/services.js';
import { handlerEntry } from '../../shared/topology.js';
import type { BenchCase } from '../harness.js';

const projectRoot = resolve(import.meta.dirname, '..', '..');

/** Bundles go inside the project, so their external `@aws-sdk/*` imports resolve to node_modules as on Lambda. */
const scratchDir = () => {
  mkdirSync(join(projectRoot, '.bench-tmp'), { recursive: true });
  return mkdtempSync(join(projectRoot, '.bench-tmp', 'bundles-'));
};

/** Every function's handler, as the stack deploys them. */
const handlers = () => [...new Set([...routes.map((r) => r.handler), ...Object.values(consumers).map((c) => c.handler), ...Object.values(schedules).map((s) => s.handler), outboxRelay.handler, authorizer.handler])];

/** Bundles one handler the way the stack's NodejsFunction does (ESM, node22, minified, SDK external). */
async function bundle(handler: string, outdir: string): Promise<string> {
  const outfile = join(outdir, `${handler.replace('/', '-')}.mjs`);
  await build({
    entryPoints: [resolve(projectRoot, handlerEntry(handler))],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node22',
    minify: true,
    mainFields: ['module', 'main'],
    external: ['@aws-sdk/*'],
    banner: { js: "import { createRequire } from 'module'; const require = createRequire(import.meta.url);" },
    outfile,
    logLevel: 'silent',
  });
  return outfile;
}

/** Milliseconds to import a module in a fresh Node process (what a cold start spends on our code). */
function coldImportMs(file: string): number {
  const script = `const t = performance.now(); await import(${JSON.stringify(file)}); console.log(performance.now() - t);`;
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
    cwd: projectRoot,
    env: { ...process.env, TABLE_MEMBERSHIPS: 'x', PROVINCE_CODE: '35', AWS_REGION: 'cn-north-1', JOIN_LINK_BASE_URL: 'https://join.invalid', LOCAL_KEYRING: process.env.LOCAL_KEYRING ?? '' },
  });
  return Number(out.toString().trim().split('\n').at(-1));
}

/** The largest function bundle against the 300 KB budget (the SDK is external on Lambda). */
export const bundleSizeCase: BenchCase = {
  name: 'largest bundle',
  goal: { better: 'lower', ratio: 1 },
  async measure(context) {
    const outdir = scratchDir();
    try {
      const names = context.quick ? handlers().slice(0, 4) : handlers();
      const sizes = await Promise.all(names.map(async (name) => ({ name, kb: statSync(await bundle(name, outdir)).size / 1024 })));
      const largest = sizes.reduce((a, b) => (b.kb > a.kb ? b : a));
      return { ours: largest.kb, baseline: 300, unit: 'KB', baselineIs: 'budget', notes: { bundles: sizes.length, largest: largest.name } };
    } finally {
      rmSync(outdir, { recursive: true, force: true });
    }
  },
};

/** Importing the largest bundle in a fresh process (what a cold start spends on our code) against the 150 ms budget. */
export const coldImportCase: BenchCase = {
  name: 'cold import of the largest bundle',
  goal: { better: 'lower', ratio: 1 },
  async measure(context) {
    const outdir = scratchDir();
    try {
      const names = context.quick ? handlers().slice(0, 2) : handlers();
      const files = await Promise.all(names.map((name) => bundle(name, outdir)));
      const largest = files.reduce((a, b) => (statSync(b).size > statSync(a).size ? b : a));
      const runs = context.quick ? 1 : 5;
      const samples = Array.from({ length: runs }, () => coldImportMs(largest)).sort((a, b) => a - b);
      return { ours: samples[Math.floor(runs / 2)]!, baseline: 150, unit: 'ms', baselineIs: 'budget', notes: { runs } };
    } finally {
      rmSync(outdir, { recursive: true, force: true });
    }
  },
};
