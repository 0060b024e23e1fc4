import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';

/** Whether an `Accept` header asks for CSV before JSON (`text/csv`, or `text/csv` ranked above `application/json`). */
export function prefersCsv(accept: string | undefined): boolean {
  if (!accept) return false;
  const ranked = accept.split(',').map((part) => {
    const [type = '', ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    return { type: type.trim(), q: q ? Number(q.slice(2)) : 1 };
  });
  const quality = (type: string) => Math.max(0, ...ranked.filter((r) => r.type === type).map((r) => r.q));
  return quality('text/csv') > 0 && quality('text/csv') >= quality('application/json');
}

/**
 * Serves a JSON route also as `text/csv` by `Accept`: the route answers (and is checked against
 * its documented JSON schema) as ever, and a 200 is then rendered as CSV for a caller that asks.
 * Outside the middleware chain on purpose, so the JSON answer stays the one documented.
 */
export function withCsv(
  route: (event: APIGatewayProxyEvent, context: Context) => Promise<APIGatewayProxyResult>,
  render: (json: unknown) => { csv: string; filename: string },
) {
  return async (event: APIGatewayProxyEvent, context: Context): Promise<APIGatewayProxyResult> => {
    const accept = Object.entries(event.headers ?? {}).find(([name]) => name.toLowerCase() === 'accept')?.[1];
    const response = await route(event, context);
    if (response.statusCode !== 200 || !prefersCsv(accept)) return response;
    const { csv, filename } = render(JSON.parse(response.body));
    return {
      statusCode: 200,
      headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="${filename}"` },
      body: csv,
    };
  };
}
