/** The largest request body any route accepts (1 MiB). */
export const MAX_BODY_BYTES = 1024 * 1024;

/**
 * The deepest nesting of arrays and objects a JSON body may have. No route's input nests more
 * than a few levels; deeper bodies would overflow recursive code downstream (JSON.stringify in
 * idempotency hashing and logging, schema validation).
 */
export const MAX_JSON_DEPTH = 32;
