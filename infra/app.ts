import { provinceApp } from './province-app.js';

/** `npx cdk synth|deploy -c province=<key>`: the province's two stacks, `UnionData-<key>` then `UnionServices-<key>`. */
provinceApp();
