import type { Context } from 'aws-lambda';
import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { handlerEntry } from '../shared/topology.js';

type LambdaHandler = (event: unknown, context: Context) => Promise<unknown>;

const projectRoot = resolve(import.meta.dirname, '..');
const loaded = new Map<string, Promise<LambdaHandler>>();

/** Imports a function's module the way Lambda would, once, and returns its `handler` export. */
export function loadHandler(name: string): Promise<LambdaHandler> {
  let handler = loaded.get(name);
  if (!handler) {
    handler = import(pathToFileURL(resolve(projectRoot, handlerEntry(name))).href).then((module) => {
      if (typeof module.handler !== 'function') throw new Error(`${handlerEntry(name)} exports no handler`);
      return module.handler as LambdaHandler;
    });
    loaded.set(name, handler);
  }
  return handler;
}

export class FunctionTimeoutError extends Error {}

/** A Lambda context with a real deadline, so in-progress Idempotency-Key records and timeouts behave as deployed. */
export function lambdaContext(functionName: string, timeoutSeconds: number): Context {
  const deadline = Date.now() + timeoutSeconds * 1000;
  const name = functionName.replace(/\//g, '-');
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName: name,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:local:000000000000:function:${name}`,
    memoryLimitInMB: '1024',
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${name}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

/** Invokes a function with an event, failing like Lambda when it runs past its timeout. */
export async function invoke<TResult>(name: string, event: unknown, timeoutSeconds: number): Promise<TResult> {
  const handler = await loadHandler(name);
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new FunctionTimeoutError(`${name} timed out after ${timeoutSeconds} s`)), timeoutSeconds * 1000);
  });
  try {
    return (await Promise.race([handler(event, lambdaContext(name, timeoutSeconds)), timeout])) as TResult;
  } finally {
    clearTimeout(timer);
  }
}
