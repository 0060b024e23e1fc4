import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const DEMO_FILE = fileURLToPath(new URL('../.local/demo.json', import.meta.url));

/**
 * The API and the account's key: `UNION_API_URL` and `UNION_API_KEY`, or, against `npm start`,
 * the demo account of that kind in `.local/demo.json`.
 */
export function accountSettings(kind: 'donor' | 'employer', env: Readonly<Record<string, string | undefined>>): { baseUrl: string; apiKey: string } {
  const demo = existsSync(DEMO_FILE) ? (JSON.parse(readFileSync(DEMO_FILE, 'utf8')) as { apiUrl: string; accounts: Record<string, { apiKey: string }> }) : undefined;
  const baseUrl = env.UNION_API_URL ?? demo?.apiUrl;
  const apiKey = env.UNION_API_KEY ?? (baseUrl === demo?.apiUrl ? demo?.accounts[kind]?.apiKey : undefined);
  if (!baseUrl || !apiKey) throw new Error(`Set UNION_API_URL and UNION_API_KEY (a ${kind} account's key), or run \`npm start\` first`);
  return { baseUrl, apiKey };
}
