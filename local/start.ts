/**
 * `npm start`: the whole province on this machine, no cloud account. DynamoDB Local keeps its
 * data under `.local/` across restarts (`npm start -- --fresh` starts empty) and the SQS
 * emulator keeps its queues in memory, each in a child process; the functions, the gateway and
 * the pollers run in this one. Ctrl-C stops all of it.
 */
import './log-level.js';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { startDynamoDbLocal, startSqsEmulator, type Engine } from './engines.js';
import { startProvince, type RunningProvince } from './runtime.js';
import { seedDemo, type Demo } from './seed.js';
import { localIssuer } from './tokens.js';
import { writePrivateFile } from './private-file.js';
import { buildWeb } from '../web/build.js';
import { fujian } from '../infra/provinces/fujian.js';
import { localSignIn } from './identity-provider.js';
import { newLocalKeyring } from '../shared/crypto/pii-vault.js';

/** The keyring is kept with the data: a new one could neither decrypt nor re-find earlier members. */
function localKeyring(file: string): string {
  if (!existsSync(file)) writeFileSync(file, newLocalKeyring(), { mode: 0o600 });
  return readFileSync(file, 'utf8').trim();
}

const PROVINCE_CODE = '35';
const PREFIX = 'fujian-';
const stateDir = resolve(import.meta.dirname, '..', '.local');
const lockFile = resolve(stateDir, 'runtime.lock');
const demoFile = resolve(stateDir, 'demo.json');

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** One runtime per checkout: a second `npm start` says who holds the lock and stops. */
function takeLock(port: number): void {
  if (existsSync(lockFile)) {
    const holder = JSON.parse(readFileSync(lockFile, 'utf8')) as { pid: number; port: number };
    if (holder.pid !== process.pid && processAlive(holder.pid)) {
      console.error(`The local province is already running (pid ${holder.pid}, http://127.0.0.1:${holder.port}). Stop it with Ctrl-C first.`);
      process.exit(1);
    }
  }
  writeFileSync(lockFile, JSON.stringify({ pid: process.pid, port }));
}

async function main() {
  const fresh = process.argv.includes('--fresh');
  const port = Number(process.env.PORT ?? 3000);
  mkdirSync(stateDir, { recursive: true });
  takeLock(port);
  if (fresh) {
    rmSync(resolve(stateDir, 'dynamodb'), { recursive: true, force: true });
    rmSync(demoFile, { force: true });
    rmSync(resolve(stateDir, 'keyring'), { force: true });
  }
  mkdirSync(resolve(stateDir, 'dynamodb'), { recursive: true });

  const started: { engines: Engine[]; province?: RunningProvince } = { engines: [] };
  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    console.log('\nStopping the local province…');
    await started.province?.stop();
    await Promise.all(started.engines.map((engine) => engine.stop()));
    rmSync(lockFile, { force: true });
    process.exit(code);
  };
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));

  try {
    const dynamodb = await startDynamoDbLocal({
      port: process.env.DYNAMODB_PORT ? Number(process.env.DYNAMODB_PORT) : undefined,
      dataDir: resolve(stateDir, 'dynamodb'),
    });
    started.engines.push(dynamodb);
    const sqs = await startSqsEmulator({ port: process.env.SQS_PORT ? Number(process.env.SQS_PORT) : undefined });
    started.engines.push(sqs);
    const issuer = await localIssuer(`http://127.0.0.1:${port}/local`, resolve(stateDir, 'jwt-signing-key.json'));
    const keyring = localKeyring(resolve(stateDir, 'keyring'));
    started.province = await startProvince({
      dynamodbEndpoint: dynamodb.endpoint,
      sqsEndpoint: sqs.endpoint,
      prefix: PREFIX,
      provinceCode: PROVINCE_CODE,
      port,
      issuer,
      keyring,
      webDir: buildWeb(undefined, { ...fujian, jwt: localSignIn(issuer) }),
      log: (line) => console.log(line),
    });
    const previous = existsSync(demoFile) ? (JSON.parse(readFileSync(demoFile, 'utf8')) as Demo) : undefined;
    const endpoints = { dynamodb: dynamodb.endpoint, sqs: sqs.endpoint };
    const demo = await seedDemo({ apiUrl: started.province.url, provinceCode: PROVINCE_CODE, issuer, endpoints }, previous);
    // It holds API keys and tokens: owner-only, also when an earlier run left it wider.
    writePrivateFile(demoFile, JSON.stringify({ ...demo, prefix: PREFIX } satisfies Demo, null, 2));
    printBanner(demo);
  } catch (error) {
    const message = (error as NodeJS.ErrnoException).code === 'EADDRINUSE'
      ? `Port ${port} is in use by another program: free it or run with PORT=<another port> npm start`
      : (error as Error).message;
    console.error(`Could not start the local province: ${message}`);
    await stop(1);
  }
}

function printBanner(demo: Demo) {
  console.log(`
福建省 (${demo.province}) is running locally at ${demo.apiUrl}
  DynamoDB Local ${demo.endpoints.dynamodb}   SQS emulator ${demo.endpoints.sqs}
  Demo data, API keys and tokens: .local/demo.json
  Web: ${demo.apiUrl}/ (staff console ${demo.apiUrl}/console, API docs ${demo.apiUrl}/docs,
       the seeded join link's page ${demo.apiUrl}/join?token=${demo.joinLink})

  Province admin token: ${demo.tokens.provinceAdmin}
  Partner API key:      ${demo.accounts.partner.apiKey}
  Donor API key:        ${demo.accounts.donor.apiKey}
  Employer API key:     ${demo.accounts.employer.apiKey}

Try:
  curl ${demo.apiUrl}/v1/health
  curl -H "Authorization: Bearer $(node -p "require('./.local/demo.json').tokens.provinceAdmin")" \\
       ${demo.apiUrl}/v1/orgs/${demo.rootOrgId}/children

Ctrl-C stops everything.`);
}

void main();
