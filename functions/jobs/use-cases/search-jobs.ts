import type { Page } from '../../../shared/dynamo.js';
import type { Clock } from '../../../shared/ports.js';
import type { Job } from '../domain/job.js';
import { searchPartition, type SearchFilters } from '../domain/search.js';
import type { JobRepository } from '../job-repository.js';

export interface SearchJobsPorts {
  jobs: Pick<JobRepository, 'search'>;
  clock: Clock;
  province: string;
}

/**
 * Searches open, unexpired postings, newest first (ties by id).
 *
 * 1. Pick the one index partition the trade and region filters name (`T#delivery#R4#3502`, or
 *    the province's own prefix when no region is asked for).
 * 2. Query it, with pay, weekday, time window and expiry as a filter over the precomputed
 *    figures, reading on until the page is full (bounded).
 */
export async function searchJobs(filters: SearchFilters, page: { limit: number; cursor?: string }, ports: SearchJobsPorts): Promise<Page<Job>> {
  return ports.jobs.search(searchPartition(filters, ports.province), filters, ports.clock.now(), page);
}
