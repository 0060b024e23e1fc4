/**
 * `npm run synth:all`: synthesizes every configured province offline, each into `cdk.out/<key>`,
 * bundling the functions for real. A config the schema refuses stops here, naming the province,
 * the field and the reason.
 */
import { join } from 'node:path';
import { provinceApp } from './province-app.js';
import { provinceKeys } from './provinces/index.js';

for (const key of provinceKeys) {
  const outdir = join(import.meta.dirname, '..', 'cdk.out', key);
  const { app } = provinceApp(key, { outdir });
  const assembly = app.synth();
  console.log(`${key}: ${assembly.stacks.map((stack) => stack.stackName).join(', ')} in ${outdir}`);
}
