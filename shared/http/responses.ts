import type { APIGatewayProxyResult } from 'aws-lambda';

const json = (statusCode: number, body: unknown): APIGatewayProxyResult => ({
  statusCode,
  headers: { 'content-type': 'application/json; charset=utf-8' },
  body: JSON.stringify(body),
});

export const ok = (body: unknown) => json(200, body);
export const created = (body: unknown) => json(201, body);
export const accepted = (body: unknown) => json(202, body);
export const noContent = (): APIGatewayProxyResult => ({ statusCode: 204, headers: {}, body: '' });

/**
 * A 200 answer in SVG, shown inline (a browser displays it, a print dialog prints it). Never
 * cached: staff credentials fetched it.
 */
export const svg = (document: string, filename: string): APIGatewayProxyResult => ({
  statusCode: 200,
  headers: { 'content-type': 'image/svg+xml; charset=utf-8', 'content-disposition': `inline; filename="${filename}"`, 'cache-control': 'no-store' },
  body: document,
});

/** A 200 answer in PNG, base64 in the proxy result as API Gateway wants binary bodies; never cached. */
export const png = (image: Buffer, filename: string): APIGatewayProxyResult => ({
  statusCode: 200,
  headers: { 'content-type': 'image/png', 'content-disposition': `inline; filename="${filename}"`, 'cache-control': 'no-store' },
  body: image.toString('base64'),
  isBase64Encoded: true,
});
