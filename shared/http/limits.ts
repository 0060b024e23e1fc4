/** The largest request body any route accepts (1 MiB). */
export const MAX_BODY_BYTES = 1024 * 1024;
