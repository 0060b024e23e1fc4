/** Key shapes of the stats table, in one place. */
export const orgNodeKey = (orgId: string) => ({ pk: `ORG#${orgId}`, sk: 'NODE' });
export const targetKey = (orgId: string, year: number) => ({ pk: `ORG#${orgId}`, sk: `TARGET#${year}` });
