import { APIGatewayClient } from '@aws-sdk/client-api-gateway';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { runOps, type OpsIo } from '../../cli/ops/program.js';

/**
 * Runs `npm run ops -- <argv>` in process with clients a test has mocked (`mockClient`), and
 * answers its exit code and what it wrote to stdout and stderr.
 */
export async function ops(argv: string[], io: Omit<OpsIo, 'out' | 'err'> = {}): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runOps(argv, {
    out: (text) => (out += text),
    err: (text) => (err += text),
    dynamodb: new DynamoDBClient({ region: 'cn-north-1' }),
    apigateway: new APIGatewayClient({ region: 'cn-north-1' }),
    ...io,
  });
  return { code, out, err };
}
