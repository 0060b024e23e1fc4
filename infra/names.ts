/** `orgs/create-org` → `OrgsCreateOrg`, `statsProjector` → `StatsProjector`: construct ids. */
export const pascal = (text: string) => text.replace(/(^|[^a-zA-Z0-9]+)([a-zA-Z0-9])/g, (_, __, c: string) => c.toUpperCase());

/** `Object.entries` keeping the record's key type. */
export const entries = <K extends string, V>(record: Record<K, V>) => Object.entries(record) as [K, V][];

/** The tag that carries a table's topology name on the table itself, so a restore knows which `tableOverrides` entry it fills. */
export const TOPOLOGY_TABLE_TAG = 'union:table';
