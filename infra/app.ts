import { provinceApp } from './province-app.js';

/** `npx cdk synth|deploy -c province=<key>`: one stack per province, from its config. */
provinceApp(undefined);
