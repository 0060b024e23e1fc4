/** `npm run openapi`: writes docs/openapi.json, which `GET /v1/openapi.json` serves. */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { openApiDocument } from './openapi.js';

const file = resolve(import.meta.dirname, '..', 'docs', 'openapi.json');
writeFileSync(file, `${JSON.stringify(await openApiDocument(), null, 2)}\n`);
console.log(`Wrote ${file}`);
