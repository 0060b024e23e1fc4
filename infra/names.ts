/** `orgs/create-org` → `OrgsCreateOrg`, `statsProjector` → `StatsProjector`: construct ids. */
export const pascal = (text: string) => text.replace(/(^|[^a-zA-Z0-9]+)([a-zA-Z0-9])/g, (_, __, c: string) => c.toUpperCase());

/** `Object.entries` keeping the record's key type. */
export const entries = <K extends string, V>(record: Record<K, V>) => Object.entries(record) as [K, V][];

/** The tag that carries a table's topology name on the table itself, so a restore knows which `tableOverrides` entry it fills. */
export const TOPOLOGY_TABLE_TAG = 'union:table';

/** The REST API of a province's services stack. */
export const restApiName = (provinceKey: string) => `union-services-${provinceKey}`;

/** The usage plan of one tier of an API: the functions and `npm run ops -- issue-usage-keys` find it by this name. */
export const usagePlanName = (apiName: string, tier: string) => `${apiName}-${tier}`;
