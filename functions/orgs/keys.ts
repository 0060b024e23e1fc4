/** Key shapes of the orgs table, in one place. */
export const orgKey = (orgId: string) => ({ pk: `ORG#${orgId}`, sk: 'ORG' });

/** A single item whose existence means the province's root federation has been created. */
export const rootMarkerKey = { pk: 'ROOT', sk: 'ROOT' } as const;

/** Children list sorted by name, the id breaking ties. */
export const childSortKey = (name: string, orgId: string) => `${name}#${orgId}`;

/** A join link minted for an org, listed under the org's own partition. */
export const JOIN_LINK_PREFIX = 'JOINLINK#';
export const joinLinkKey = (orgId: string, linkId: string) => ({ pk: `ORG#${orgId}`, sk: `${JOIN_LINK_PREFIX}${linkId}` });
