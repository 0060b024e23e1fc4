import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { App } from 'aws-cdk-lib';
import { provinceStacks } from '../../infra/province-app.js';
import { provinceKeys, provinces, validProvinceConfig } from '../../infra/provinces/index.js';
import { CLOUDFRONT_HOSTED } from './variants.js';

interface Finding {
  Level: string;
  Rule: { Id: string };
  Message: string;
  Filename: string;
}

// cfn-lint is a Python tool (pip install cfn-lint); .ci/run installs it on a clean clone.
function cfnLint(): string {
  const found = spawnSync('cfn-lint', ['--version'], { encoding: 'utf8' });
  if (found.error || found.status !== 0) throw new Error('cfn-lint is not installed: pip install cfn-lint (see .ci/run); this test lints the synthesized templates and skips nothing');
  return found.stdout.trim();
}

describe('cfn-lint', () => {
  const outdirs: string[] = [];
  afterAll(() => outdirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  const cases = [
    ...provinceKeys.map((key) => [key, key, {}] as const),
    [`${CLOUDFRONT_HOSTED.key} with its pages on CloudFront`, CLOUDFRONT_HOSTED.key, CLOUDFRONT_HOSTED.change] as const,
  ];

  it.each(cases)('finds no error in any template of %s', (name, key, change) => {
    cfnLint();
    const outdir = mkdtempSync(join(tmpdir(), `cfn-lint-${key}-`));
    outdirs.push(outdir);
    const app = new App({ outdir, context: { 'aws:cdk:bundling-stacks': [] } });
    provinceStacks(app, validProvinceConfig(key, { ...provinces[key], ...change }));
    app.synth();
    const templates = readdirSync(outdir).filter((file) => file.endsWith('.template.json')).map((file) => join(outdir, file));
    expect(templates.length).toBeGreaterThan(2);
    // Exit codes are a bit mask (2 error, 4 warning, 8 info); the JSON says which is which.
    const run = spawnSync('cfn-lint', ['--format', 'json', '--', ...templates], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    const findings: Finding[] = JSON.parse(run.stdout || '[]');
    expect(findings.filter((finding) => finding.Level === 'Error').map((f) => `${f.Rule.Id} ${f.Message} (${f.Filename})`)).toEqual([]);
  }, 300_000);
});
