/** Key shapes of the stats table, in one place. */
export const orgNodeKey = (orgId: string) => ({ pk: `ORG#${orgId}`, sk: 'NODE' });
/** A partner rider's coverage state, and the counters of a region prefix. */
export const riderKey = (partnerId: string, riderId: string) => ({ pk: `RIDER#${partnerId}#${riderId}`, sk: 'COVERAGE' });
export const regionKey = (prefix: string) => ({ pk: `REGION#${prefix}`, sk: 'COVERAGE' });
export const targetKey = (orgId: string, year: number) => ({ pk: `ORG#${orgId}`, sk: `TARGET#${year}` });
/** A station's counters at a region prefix: one partition per prefix lists its stations. */
export const STATIONS_PREFIX = 'STATIONS#';
export const stationKey = (prefix: string, regionCode: string, station: string) => ({ pk: `${STATIONS_PREFIX}${prefix}`, sk: `${regionCode}#${station}` });
