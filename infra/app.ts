import { provinceApp } from './province-app.js';

/** `npx cdk synth|deploy -c province=<key>`: one stack, `UnionServices-<key>`, per province config. */
provinceApp();
