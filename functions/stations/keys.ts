/** Key shapes of the stations table, in one place. */
export const stationKey = (stationId: string) => ({ pk: `STATION#${stationId}`, sk: 'STATION' });
export const orgKey = (orgId: string) => ({ pk: `ORG#${orgId}`, sk: 'ORG' });
/** A visit, under its station, in time order; it names no worker. */
export const visitKey = (stationId: string, at: string, visitId: string) => ({ pk: `STATION#${stationId}`, sk: `VISIT#${at}#${visitId}` });
/** The worker's side: one item per station ever visited (unique visitors) and one per station and day (one counted visit a day); erasure deletes the partition. */
export const visitorPartition = (workerId: string) => `VISITOR#${workerId}`;
export const everVisitedKey = (workerId: string, stationId: string) => ({ pk: visitorPartition(workerId), sk: `STATION#${stationId}` });
export const visitedOnKey = (workerId: string, stationId: string, day: string) => ({ pk: visitorPartition(workerId), sk: `STATION#${stationId}#${day}` });
/** The region index: a province's stations, by region code then id. */
export const regionKeyOf = (regionCode: string, id: string) => `${regionCode}#${id}`;
