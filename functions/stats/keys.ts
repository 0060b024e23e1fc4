/** Key shapes of the stats table, in one place. */
export const orgNodeKey = (orgId: string) => ({ pk: `ORG#${orgId}`, sk: 'NODE' });
