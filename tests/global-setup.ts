import type { TestProject } from 'vitest/node';
import { startDynamoDbLocal, startSqsEmulator, type Engine } from '../local/engines.js';

declare module 'vitest' {
  export interface ProvidedContext {
    engines: { dynamodb: string; sqs: string };
  }
}

/**
 * Starts Amazon DynamoDB Local (in memory) and the SQS emulator once for the whole run, on free
 * ports. Each integration test file runs its own province on them under its own name prefix.
 */
export default async function setup(project: TestProject) {
  const engines: Engine[] = [];
  const dynamodb = await startDynamoDbLocal();
  engines.push(dynamodb);
  const sqs = await startSqsEmulator();
  engines.push(sqs);
  project.provide('engines', { dynamodb: dynamodb.endpoint, sqs: sqs.endpoint });
  return async () => {
    await Promise.all(engines.map((engine) => engine.stop()));
  };
}
