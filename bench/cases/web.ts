import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { buildWeb } from '../../web/build.js';
import { assetsOf, PAGES } from '../../web/site.js';
import type { BenchCase } from '../harness.js';

/**
 * What a worker's phone downloads to open the join page behind a QR code (its HTML and the
 * assets it loads, gzipped as the site sends them) against issue 17's 100 KB budget: riders
 * scan on mobile data, often in a basement station.
 */
export const joinPageWeightCase: BenchCase = {
  name: 'join page weight',
  goal: { better: 'lower', ratio: 1 },
  async measure() {
    const outDir = mkdtempSync(join(tmpdir(), 'bench-web-'));
    try {
      buildWeb(outDir);
      const html = readFileSync(join(outDir, PAGES['/join']));
      const files = [html, ...assetsOf(html.toString('utf8')).map((asset) => readFileSync(join(outDir, asset)))];
      const kb = files.reduce((sum, file) => sum + gzipSync(file).length, 0) / 1024;
      return { ours: kb, baseline: 100, unit: 'KB', baselineIs: 'budget, gzipped', notes: { files: files.length, htmlBytes: html.length } };
    } finally {
      rmSync(outDir, { recursive: true, force: true });
    }
  },
};
