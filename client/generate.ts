/**
 * `npm run client`: the client's types from the OpenAPI document, so the CLI and the examples
 * stop compiling when the contract they call changes. tests/unit/client checks the committed
 * file is what this writes.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import openapiTS, { astToString, COMMENT_HEADER } from 'openapi-typescript';

export const OPENAPI_FILE = fileURLToPath(new URL('../docs/openapi.json', import.meta.url));
export const SCHEMA_FILE = fileURLToPath(new URL('./schema.d.ts', import.meta.url));

/** The TypeScript declarations of docs/openapi.json, as `openapi-typescript` prints them. */
export async function generatedSchema(): Promise<string> {
  const document = JSON.parse(await readFile(OPENAPI_FILE, 'utf8'));
  return COMMENT_HEADER + astToString(await openapiTS(document, { silent: true }));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await writeFile(SCHEMA_FILE, await generatedSchema());
  console.log(`wrote ${SCHEMA_FILE}`);
}
