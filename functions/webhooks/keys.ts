/** Key shapes of the webhooks table and the sort keys of its indexes, in one place. */
export const subscriptionKey = (accountId: string) => ({ pk: `ACCOUNT#${accountId}`, sk: 'WEBHOOK' });
export const deliveryKey = (deliveryId: string) => ({ pk: `DELIVERY#${deliveryId}`, sk: 'DELIVERY' });

/** `deliveriesByAccount` and `deliveriesByStatus`: newest last, by creation then id. */
export const deliveryListKey = (createdAt: string, deliveryId: string) => `${createdAt}#${deliveryId}`;
/** `deliveriesByStatus`: one partition per account and status. */
export const accountStatusKey = (accountId: string, status: string) => `${accountId}#${status}`;

/** Delivery records are kept this long for the log, then removed by TTL. */
export const DELIVERY_RETENTION_DAYS = 30;
