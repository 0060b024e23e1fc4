import fc from 'fast-check';

/**
 * Requests generated from the OpenAPI document, each with at least one flaw the route must
 * refuse: so a new route is fuzzed without new test code, and every generated request has one
 * right answer (400 naming each flaw) rather than "anything but a 5xx".
 *
 * A request starts from input shaped like the route's schemas (so the flaws sit next to
 * plausible fields, deep enough to reach the route's own validation) and gets flaws of two
 * kinds: definite ones, which no valid request has (an unknown field, a wrong JSON type, a
 * missing required field, an over-long or control-character path parameter, a word where an
 * integer goes), whose paths the answer must name; and noise (edge values in fields that may
 * or may not take them), which must never turn the answer into a 5xx.
 */

type Schema = Record<string, any>;

export interface OpenApiDocument {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema> };
}

interface Parameter {
  in: 'path' | 'query' | 'header';
  name: string;
  required?: boolean;
  schema: Schema;
}

interface Operation {
  parameters?: Parameter[];
  requestBody?: { content: Record<string, { schema: Schema }> };
}

export interface FuzzRequest {
  method: string;
  /** Already percent-encoded. */
  path: string;
  headers: Record<string, string>;
  /** JSON text, or absent. */
  body?: string;
  /** The field paths the answer must name (`path.x`, `query.x`, `body.x.y`, `header.x`). */
  flaws: string[];
}

const EDGE_STRINGS = [
  '',
  ' ',
  '\u0000',
  '\u001b[31m',
  '\u202e',
  '\u200b',
  '\ud800',
  '𠀀🚀',
  '<script>alert(1)</script>',
  "' OR 1=1 --",
  '${jndi:ldap://x/a}',
  '../../etc/passwd',
  '__proto__',
  'constructor',
  'NaN',
  '1e999',
  'x'.repeat(10_000),
  '字'.repeat(3_000),
];
const EDGE_NUMBERS = [0, -1, 0.5, 1e308, -1e308, 2 ** 53, 2 ** 53 + 2, -(2 ** 53), 4_294_967_296, 5e-324];

/** A value nested deeper than the body limit (32). */
const nestedDeep = (depth: number): unknown => {
  let value: unknown = 1;
  for (let i = 0; i < depth; i++) value = i % 2 ? [value] : { a: value };
  return value;
};

/** Any JSON value at an edge: wrong types, huge and empty strings, control characters, edge numbers. */
const edgeValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(...EDGE_STRINGS),
  fc.constantFrom(...EDGE_NUMBERS),
  fc.constantFrom(true, false, null, [], {}, [null], { __proto__: null, constructor: 1 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.constant(nestedDeep(8)),
  fc.jsonValue({ maxDepth: 3 }),
);

const jsonTypeOf = (value: unknown): string =>
  value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value === 'number' ? (Number.isInteger(value) ? 'integer' : 'number') : typeof value;

/** The JSON types a schema admits (`integer` admits whole numbers only; `number` both). */
function typesOf(schema: Schema, document: OpenApiDocument): Set<string> | undefined {
  const resolved = resolve(schema, document);
  if (resolved.anyOf || resolved.oneOf) {
    const all = new Set<string>();
    for (const branch of resolved.anyOf ?? resolved.oneOf) {
      const types = typesOf(branch, document);
      if (!types) return undefined;
      for (const type of types) all.add(type);
    }
    return all;
  }
  if (resolved.const !== undefined) return new Set([jsonTypeOf(resolved.const)]);
  if (resolved.enum) return new Set(resolved.enum.map(jsonTypeOf));
  if (!resolved.type) return undefined;
  const types = new Set<string>([resolved.type].flat());
  if (types.has('number')) types.add('integer');
  return types;
}

/** A value no schema admitting `types` takes: definite for the field it replaces. */
const wrongTypeFor = (types: Set<string>) =>
  fc.constantFrom<unknown>('x'.repeat(5), 12345, 0.5, true, null, [], { fuzz: 1 }).filter((value) => !types.has(jsonTypeOf(value)) && !(jsonTypeOf(value) === 'integer' && types.has('number')));

function resolve(schema: Schema, document: OpenApiDocument): Schema {
  const ref: string | undefined = schema.$ref;
  if (!ref) return schema;
  const name = ref.replace('#/components/schemas/', '');
  const target = document.components.schemas[name];
  if (!target) throw new Error(`The document has no schema ${ref}`);
  return resolve(target, document);
}

function patternString(pattern: string): fc.Arbitrary<string> | undefined {
  try {
    return fc.stringMatching(new RegExp(pattern, 'u'));
  } catch {
    return undefined;
  }
}

/** Input shaped like `schema`: right types and bounds, often but not always valid (checksums, cross-field rules). */
function shapedLike(schema: Schema, document: OpenApiDocument, depth = 0): fc.Arbitrary<unknown> {
  const resolved = resolve(schema, document);
  if (depth > 5) return fc.constant(null);
  if (resolved.const !== undefined) return fc.constant(resolved.const);
  if (resolved.enum) return fc.constantFrom(...resolved.enum);
  const branches = resolved.anyOf ?? resolved.oneOf;
  if (branches) return fc.oneof(...branches.map((branch: Schema) => shapedLike(branch, document, depth + 1)));
  const types = [resolved.type ?? 'string'].flat() as string[];
  return fc.oneof(...types.map((type) => shapedOfType(type, resolved, document, depth)));
}

function shapedOfType(type: string, schema: Schema, document: OpenApiDocument, depth: number): fc.Arbitrary<unknown> {
  switch (type) {
    case 'object': {
      const properties: Record<string, Schema> = schema.properties ?? {};
      const record = Object.fromEntries(Object.entries(properties).map(([name, property]) => [name, shapedLike(property, document, depth + 1)]));
      return fc.record(record, { requiredKeys: (schema.required ?? []).filter((name: string) => name in properties) });
    }
    case 'array':
      return fc.array(shapedLike(schema.items ?? {}, document, depth + 1), { minLength: schema.minItems ?? 0, maxLength: Math.min(schema.maxItems ?? 3, Math.max(schema.minItems ?? 0, 3)) });
    case 'integer':
      return fc.integer({ min: Math.max(schema.minimum ?? -1e6, -1e9), max: Math.min(schema.maximum ?? 1e6, 1e9) });
    case 'number':
      return fc.double({ min: Math.max(schema.minimum ?? -1e6, -1e9), max: Math.min(schema.maximum ?? 1e6, 1e9), noNaN: true });
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    default: {
      if (schema.format === 'date-time') return fc.date({ min: new Date('2020-01-01'), max: new Date('2035-01-01'), noInvalidDate: true }).map((date) => date.toISOString());
      if (schema.format === 'date') return fc.date({ min: new Date('2020-01-01'), max: new Date('2035-01-01'), noInvalidDate: true }).map((date) => date.toISOString().slice(0, 10));
      const matching = schema.pattern ? patternString(schema.pattern) : undefined;
      if (matching) return matching;
      const minLength = schema.minLength ?? 0;
      return fc.string({ minLength, maxLength: Math.min(schema.maxLength ?? 24, minLength + 24) });
    }
  }
}

/** How a property of the body is broken: definite (named in the answer) or noise. */
type PropertyFlaw = { kind: 'wrong-type'; value: unknown } | { kind: 'missing' } | { kind: 'noise'; value: unknown };

interface BodyPlan {
  base: unknown;
  /** Replace the whole body with a value of another JSON type (definite). */
  whole?: unknown;
  unknownKeys: [string, unknown][];
  protoKey?: unknown;
  properties: [string, PropertyFlaw][];
}

function bodyPlan(schema: Schema, document: OpenApiDocument): fc.Arbitrary<BodyPlan> {
  const resolved = resolve(schema, document);
  const properties: Record<string, Schema> = resolved.type === 'object' ? (resolved.properties ?? {}) : {};
  const required = new Set<string>(resolved.required ?? []);
  const names = Object.keys(properties);
  const flawOf = (name: string): fc.Arbitrary<PropertyFlaw> => {
    const types = typesOf(properties[name]!, document);
    const options: fc.Arbitrary<PropertyFlaw>[] = [edgeValue.map((value) => ({ kind: 'noise' as const, value }))];
    if (types) options.push(wrongTypeFor(types).map((value) => ({ kind: 'wrong-type' as const, value })));
    if (required.has(name)) options.push(fc.constant({ kind: 'missing' as const }));
    return fc.oneof(...options);
  };
  const none = fc.constant<[string, PropertyFlaw][]>([]);
  const propertyFlaws =
    names.length === 0
      ? none
      : fc.uniqueArray(fc.constantFrom(...names), { maxLength: 3 }).chain((chosen) => (chosen.length === 0 ? none : fc.tuple(...chosen.map((name) => flawOf(name).map((flaw): [string, PropertyFlaw] => [name, flaw])))));
  const wholeTypes = typesOf(resolved, document);
  return fc.record({
    base: shapedLike(resolved, document),
    whole: wholeTypes ? fc.option(wrongTypeFor(wholeTypes), { freq: 6, nil: undefined }) : fc.constant(undefined),
    unknownKeys: resolved.additionalProperties === false ? fc.uniqueArray(fc.tuple(fc.stringMatching(/^fuzz_[a-z]{1,8}$/), edgeValue), { maxLength: 2, selector: ([key]) => key }) : fc.constant([]),
    protoKey: resolved.additionalProperties === false ? fc.option(edgeValue, { freq: 4, nil: undefined }) : fc.constant(undefined),
    properties: propertyFlaws,
  });
}

/** The body's JSON text and the paths it must be refused at. */
function bodyOf(plan: BodyPlan): { text: string; flaws: string[] } {
  if (plan.whole !== undefined) return { text: JSON.stringify(plan.whole), flaws: ['body'] };
  if (plan.base === null || typeof plan.base !== 'object' || Array.isArray(plan.base)) return { text: JSON.stringify(plan.base), flaws: [] };
  const body: Record<string, unknown> = { ...(plan.base as Record<string, unknown>) };
  const flaws: string[] = [];
  for (const [name, flaw] of plan.properties) {
    if (flaw.kind === 'missing') delete body[name];
    else body[name] = flaw.value;
    if (flaw.kind !== 'noise') flaws.push(`body.${name}`);
  }
  for (const [key, value] of plan.unknownKeys) {
    body[key] = value;
    flaws.push(`body.${key}`);
  }
  let text = JSON.stringify(body);
  if (plan.protoKey !== undefined) {
    // Written into the text: an object literal's __proto__ would set the prototype, not a key.
    text = `{"__proto__":${JSON.stringify(plan.protoKey)}${text === '{}' ? '}' : `,${text.slice(1)}`}`;
    flaws.push('body.__proto__');
  }
  return { text, flaws };
}

type PathValue = { value: string; flaw: boolean };

/** A path parameter: mostly a plausible id; sometimes too long, with a control or bidi character, or (for integers) not canonical digits. */
function pathValue(parameter: Parameter): fc.Arbitrary<PathValue> {
  const integer = parameter.schema.type === 'integer' || /^\^?\\d|\[0-9\]/.test(parameter.schema.pattern ?? '') || ['seq', 'year'].includes(parameter.name);
  const max = parameter.name === 'token' ? 2048 : 128;
  const flawed = fc.oneof(
    fc.constant('x'.repeat(max + 1 + 1000)),
    fc.constantFrom('\u0001', '\u202e', '\u200f', '\u0000').chain((bad) => fc.stringMatching(/^[a-z0-9_]{1,10}$/).map((id) => `${id}${bad}`)),
    ...(integer ? [fc.constantFrom('abc', '01', '1e3', '1.0', '-1', ' 1', '0x1')] : []),
  );
  const plausible = fc.oneof(
    integer ? fc.integer({ min: 1, max: 3000 }).map(String) : fc.stringMatching(/^[a-z]{2,6}_[0-9a-f]{8,32}$/),
    fc.constantFrom('__proto__', 'constructor', 'null', '字段', '%', 'a b', "o'k"),
  );
  return fc.oneof({ arbitrary: plausible.map((value) => ({ value, flaw: false })), weight: 3 }, { arbitrary: flawed.map((value) => ({ value, flaw: true })), weight: 1 });
}

type QueryValue = { name: string; value: string; flaw: boolean };

/** A known query parameter: a plausible value, or a word where the schema cannot take one. */
function queryValue(parameter: Parameter, document: OpenApiDocument): fc.Arbitrary<QueryValue> {
  const schema = resolve(parameter.schema, document);
  const plausible = shapedLike(schema, document).map((value) => ({ name: parameter.name, value: String(value), flaw: false }));
  const refusable = schema.type === 'integer' || schema.enum;
  if (!refusable) return fc.oneof(plausible, fc.constantFrom(...EDGE_STRINGS.slice(0, 16)).map((value) => ({ name: parameter.name, value, flaw: false })));
  return fc.oneof(plausible, fc.constantFrom('not-one-of-them', 'abc', '1.5e').map((value) => ({ name: parameter.name, value, flaw: true })));
}

/** A body sent to a route that takes none: each key of an object or array is named, any other value as `body`. */
function unwantedBody(value: unknown): { text: string; flaws: string[] } {
  const flaws = typeof value === 'object' && value !== null ? Object.keys(value).map((key) => `body.${key}`) : ['body'];
  return { text: JSON.stringify(value), flaws };
}

/** Generated requests to one operation, each with at least one definite flaw. */
export function fuzzRequests(document: OpenApiDocument, method: string, path: string, credentials: Record<string, string>): fc.Arbitrary<FuzzRequest> {
  const operation = document.paths[path]?.[method.toLowerCase()];
  if (!operation) throw new Error(`The document has no ${method} ${path}`);
  const parameters = operation.parameters ?? [];
  const pathParameters = parameters.filter((parameter) => parameter.in === 'path');
  const queryParameters = parameters.filter((parameter) => parameter.in === 'query');
  const idempotent = parameters.some((parameter) => parameter.in === 'header' && parameter.name === 'idempotency-key');
  const bodySchema = operation.requestBody?.content['application/json']?.schema;
  const takesBody = method === 'POST' || method === 'PUT';

  return fc
    .record({
      path: fc.tuple(...pathParameters.map(pathValue)),
      query: fc.uniqueArray(fc.oneof(...(queryParameters.length ? queryParameters.map((parameter) => queryValue(parameter, document)) : [fc.constant(undefined)])), { maxLength: 3, selector: (value) => value?.name }),
      unknownQuery: fc.option(fc.tuple(fc.stringMatching(/^fuzz_[a-z]{1,8}$/), fc.constantFrom(...EDGE_STRINGS.slice(0, 16))), { freq: 2, nil: undefined }),
      body: bodySchema ? bodyPlan(bodySchema, document).map((plan) => bodyOf(plan)) : takesBody ? fc.option(edgeValue.filter((value) => value !== null).map(unwantedBody), { nil: undefined }) : fc.constant(undefined),
      noiseHeaders: fc.dictionary(fc.constantFrom('accept', 'accept-language', 'x-forwarded-for', 'x-request-id', 'x-amz-date', 'if-match', 'origin'), fc.constantFrom('*/*', 'text/csv', 'application/xml', '', ' ', 'zh-CN;q=abc', '1.1.1.1, ::1, <script>', 'x'.repeat(4000), 'null', '%00', '../..'), { maxKeys: 3 }),
      idempotencyKey: idempotent ? fc.option(fc.oneof(fc.uuid().map((key) => ({ key, flaw: false })), fc.constant({ key: 'k'.repeat(300), flaw: true })), { nil: undefined }) : fc.constant(undefined),
    })
    .map(({ path: values, query, unknownQuery, body, noiseHeaders, idempotencyKey }) => {
      const flaws: string[] = [];
      let url = path;
      pathParameters.forEach((parameter, i) => {
        const { value, flaw } = values[i]!;
        url = url.replace(`{${parameter.name}}`, encodeURIComponent(value));
        if (flaw) flaws.push(`path.${parameter.name}`);
      });
      const search = new URLSearchParams();
      for (const entry of query) {
        if (!entry) continue;
        search.append(entry.name, entry.value);
        if (entry.flaw) flaws.push(`query.${entry.name}`);
      }
      // Always one definite flaw at least: a request without any would be a valid one.
      if (unknownQuery || flaws.length + (body?.flaws.length ?? 0) + (idempotencyKey?.flaw ? 1 : 0) === 0) {
        const [name, value] = unknownQuery ?? ['fuzz_unknown', '1'];
        search.append(name, value);
        flaws.push(`query.${name}`);
      }
      const headers: Record<string, string> = { ...noiseHeaders, ...credentials };
      if (idempotencyKey) {
        headers['idempotency-key'] = idempotencyKey.key;
        if (idempotencyKey.flaw) flaws.push('header.idempotency-key');
      }
      if (body) {
        headers['content-type'] = 'application/json';
        flaws.push(...body.flaws);
      }
      const queryText = search.toString();
      return { method, path: queryText ? `${url}?${queryText}` : url, headers, ...(body ? { body: body.text } : {}), flaws };
    });
}
