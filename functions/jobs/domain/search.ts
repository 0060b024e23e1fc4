import { regionPrefix } from '../../../shared/region.js';
import { spanOf, type Span } from '../../../shared/wall-clock.js';
import { fitsWithin } from './schedule.js';
import { jobPayPerHour, regionPrefixesOf, shiftOf, statusAt, type Job, type Trade } from './job.js';

/** `GET /v1/jobs` filters, parsed. */
export interface SearchFilters {
  trade?: Trade;
  /** 2, 4 or 6 digits; a 6-digit province or city code (`350000`, `350200`) means its prefix. */
  regionCode?: string;
  payMinFen?: number;
  day?: number;
  /** The shift must fit inside this window. */
  window?: Span;
}

export const windowOf = (from: string, to: string): Span => spanOf(from, to);

/** The region prefix a search asks for. */
export const searchPrefix = (regionCode: string): string => (regionCode.length === 6 ? regionPrefix(regionCode) : regionCode);

/** Index partitions (one per key a job can be found by): `R2#35`, `R4#3502`, …, and each with its trade, `T#delivery#R2#35`. */
export function indexPartitionsOf(job: Pick<Job, 'trade' | 'regionCode'>): string[] {
  const regions = regionPrefixesOf(job.regionCode).map((prefix) => `R${prefix.length}#${prefix}`);
  return [...regions, ...regions.map((region) => `T#${job.trade}#${region}`)];
}

/**
 * The one partition a search reads: the most selective its trade and region filters name.
 * Without a region the province's own prefix holds every posting (postings are visible across
 * all cities of the province).
 */
export function searchPartition(filters: SearchFilters, province: string): string {
  const prefix = filters.regionCode === undefined ? province : searchPrefix(filters.regionCode);
  const region = `R${prefix.length}#${prefix}`;
  return filters.trade ? `T#${filters.trade}#${region}` : region;
}

/**
 * Whether a job answers a search, by definition: the filters the index does not key on are
 * applied to the same precomputed figures. The repository's query must agree with this.
 */
export function isSearchable(job: Job, filters: SearchFilters, now: Date): boolean {
  if (statusAt(job, now) !== 'open') return false;
  if (filters.trade && job.trade !== filters.trade) return false;
  if (filters.regionCode && !regionPrefixesOf(job.regionCode).includes(searchPrefix(filters.regionCode))) return false;
  if (filters.payMinFen !== undefined) {
    const perHour = jobPayPerHour(job);
    if (perHour === null || perHour < filters.payMinFen) return false;
  }
  if (filters.day !== undefined && !job.schedule.days.includes(filters.day)) return false;
  if (filters.window && !fitsWithin(shiftOf(job), filters.window)) return false;
  return true;
}

/** Newest first; postings of the same instant by id. */
export const newestFirst = (a: Pick<Job, 'postedAt' | 'id'>, b: Pick<Job, 'postedAt' | 'id'>): number =>
  Date.parse(b.postedAt) - Date.parse(a.postedAt) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** A sort key that orders newest first, then by id, as strings: the index's sort key. */
export const newestFirstKey = (job: Pick<Job, 'postedAt' | 'id'>): string =>
  `${String(9_999_999_999_999 - Date.parse(job.postedAt)).padStart(13, '0')}#${job.id}`;
