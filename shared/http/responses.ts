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
