import type { TestProject } from 'vitest/node';
import { startDynamoDbLocal, startSqsEmulator, type Engine } from '../local/engines.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** One DynamoDB Local per test worker, and the SQS emulator they share. */
    engines: { dynamodb: string[]; sqs: string };
  }
}

/**
 * Starts Amazon DynamoDB Local (in memory) and the SQS emulator once for the whole run, on free
 * ports. Each integration test file runs its own province on them under its own name prefix.
 *
 * DynamoDB Local serves every request on one thread, so files run side by side would queue on
 * it while the other core idles: each worker gets an engine of its own. The SQS emulator is
 * cheap and shared.
 */
export default async function setup(project: TestProject) {
  const workers = Math.max(1, Number(project.config.maxWorkers) || 1);
  const started = await Promise.allSettled([startSqsEmulator(), ...Array.from({ length: workers }, () => startDynamoDbLocal())]);
  const engines = started.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
  const stopAll = () => Promise.all(engines.map((engine: Engine) => engine.stop()));
  const failed = started.find((result) => result.status === 'rejected');
  if (failed) {
    await stopAll();
    throw failed.reason;
  }
  const [sqs, ...dynamodb] = engines as [Engine, ...Engine[]];
  project.provide('engines', { dynamodb: dynamodb.map((engine) => engine.endpoint), sqs: sqs.endpoint });
  return stopAll;
}
