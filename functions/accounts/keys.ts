/** Key shapes of the accounts table, in one place. */
export const accountKey = (accountId: string) => ({ pk: `ACCOUNT#${accountId}`, sk: 'ACCOUNT' });

/** The lookup item the authorizer reads: one per live API key, keyed by its hash. */
export const apiKeyKey = (keyHash: string) => ({ pk: `APIKEY#${keyHash}`, sk: 'APIKEY' });

/** One account per credit code and kind. */
export const creditCodeKey = (kind: string, creditCode: string) => ({ pk: `CREDITCODE#${kind}#${creditCode}`, sk: 'CREDITCODE' });

/** Sort key of the `accountsByKind` index: oldest first, the id breaking ties. Only account items carry it. */
export const accountListKey = (createdAt: string, accountId: string) => `${createdAt}#${accountId}`;
