import { createServer } from 'node:http';
import { verifyWebhook } from './verify.js';

/**
 * A receiver for the union services' webhooks, on node:http alone:
 *
 *   WEBHOOK_SECRET=whsec_... PORT=4000 npx tsx examples/webhook-receiver/server.ts
 *
 * It answers 204 to a valid message (fast: do the work after answering, the sender waits 10
 * seconds at most), 400 to anything else, and acts on each message id once.
 */
const secret = process.env.WEBHOOK_SECRET;
if (!secret?.startsWith('whsec_')) throw new Error('Set WEBHOOK_SECRET to the secret PUT /v1/accounts/me/webhook answered');
const port = Number(process.env.PORT ?? 4000);
const seen = new Set<string>();

createServer((request, response) => {
  const chunks: Buffer[] = [];
  request.on('data', (chunk: Buffer) => chunks.push(chunk));
  request.on('end', () => {
    const verdict = verifyWebhook({ secret, headers: request.headers, body: Buffer.concat(chunks).toString('utf8'), seen });
    if (!verdict.ok) {
      console.log(`refused: ${verdict.reason}`);
      response.writeHead(400).end();
      return;
    }
    response.writeHead(204).end();
    if (verdict.duplicate) console.log(`${verdict.id} again: already handled`);
    else console.log(`${verdict.id} ${verdict.event.type} ${JSON.stringify(verdict.event.data)}`);
  });
}).listen(port, '127.0.0.1', () => console.log(`Webhook receiver on http://127.0.0.1:${port}/hook`));
