/**
 * `npm run openapi`: writes docs/openapi.json, and the compressed copy `GET /v1/openapi.json`
 * serves (functions/health/openapi-document.ts): the document as JSON was most of the largest
 * function bundle (482 KB of a 300 KB budget), brotli makes it 14 KB.
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { brotliCompressSync, constants } from 'node:zlib';
import { openApiDocument } from './openapi.js';

const document = await openApiDocument();
const file = resolve(import.meta.dirname, '..', 'docs', 'openapi.json');
writeFileSync(file, `${JSON.stringify(document, null, 2)}\n`);
console.log(`Wrote ${file}`);

const compressed = brotliCompressSync(JSON.stringify(document), { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).toString('base64');
const module = resolve(import.meta.dirname, '..', 'functions', 'health', 'openapi-document.ts');
writeFileSync(
  module,
  `// Written by \`npm run openapi\` from the same document as docs/openapi.json; do not edit.\n/** The OpenAPI document, brotli-compressed and base64-encoded. */\nexport const compressedDocument =\n  '${compressed}';\n`,
);
console.log(`Wrote ${module}`);
