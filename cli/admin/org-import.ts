import { readFile } from 'node:fs/promises';
import { answer, ApiError, type components, type UnionClient } from '../../client/index.js';
import { csvFields } from '../roster-file.js';

type Org = components['schemas']['Org'];
type OrgKind = Org['kind'];

/** The columns of an org file, in this order, under a header row naming them. */
export const ORG_COLUMNS = ['name', 'kind', 'parent', 'regionCode'] as const;

/** One data row of the file; `line` counts from 1, the header being line 1. */
export interface OrgRow {
  line: number;
  name: string;
  kind: string;
  /** An org id, or the name of an earlier row. */
  parent: string;
  regionCode: string;
  /** How many fields the line has, when it is not one per column. */
  columns?: number;
}

export interface RowOutcome {
  line: number;
  name: string;
  outcome: 'created' | 'existing' | 'failed';
  id?: string;
  error?: string;
}

export interface ImportReport {
  created: number;
  existing: number;
  failed: number;
  rows: RowOutcome[];
}

/** The file cannot be read as an org file at all: nothing was sent. */
export class UnreadableFileError extends Error {}

/** The data rows of an org file; blank lines are skipped. */
export function parseOrgFile(text: string): OrgRow[] {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const header = csvFields(lines[0] ?? '').map((field) => field.trim());
  if (header.join(',') !== ORG_COLUMNS.join(',')) throw new UnreadableFileError(`line 1: the header must be ${ORG_COLUMNS.join(',')} (found ${header.join(',')})`);
  const rows: OrgRow[] = [];
  lines.forEach((text, index) => {
    if (index === 0 || text.trim() === '') return;
    const fields = csvFields(text).map((field) => field.trim());
    const [name = '', kind = '', parent = '', regionCode = ''] = fields;
    rows.push({ line: index + 1, name, kind, parent, regionCode, ...(fields.length !== ORG_COLUMNS.length ? { columns: fields.length } : {}) });
  });
  return rows;
}

const ORG_ID = /^org_[0-9a-f]{32}$/;

/**
 * Imports an org tree, row by row in file order, through the API: a row whose parent already
 * has a child of that name is that org (so a second run creates nothing), any other is
 * created. The API checks each row's fields; a refused row is reported by its line, and the
 * rows under it are not tried. `progress` is told after each row.
 */
export async function importOrgs(api: UnionClient, rows: readonly OrgRow[], progress: (done: number, total: number) => void = () => undefined): Promise<ImportReport> {
  const report: ImportReport = { created: 0, existing: 0, failed: 0, rows: [] };
  /** The ids of the rows done so far, by name; null for a row that failed. */
  const done = new Map<string, string | null>();
  const childrenOf = new Map<string, Map<string, string>>();

  async function children(parentId: string): Promise<Map<string, string>> {
    let known = childrenOf.get(parentId);
    if (known) return known;
    known = new Map();
    let cursor: string | undefined;
    do {
      const page = await answer(api.GET('/v1/orgs/{orgId}/children', { params: { path: { orgId: parentId }, query: { limit: 100, ...(cursor ? { cursor } : {}) } } }));
      for (const org of page.items) known.set(org.name, org.id);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    childrenOf.set(parentId, known);
    return known;
  }

  async function importRow(row: OrgRow): Promise<RowOutcome> {
    const outcome = (result: Omit<RowOutcome, 'line' | 'name'>): RowOutcome => ({ line: row.line, name: row.name, ...result });
    if (row.columns !== undefined) return outcome({ outcome: 'failed', error: `${row.columns} columns, not ${ORG_COLUMNS.length} (${ORG_COLUMNS.join(',')})` });
    const parentId = done.has(row.parent) ? done.get(row.parent) : ORG_ID.test(row.parent) ? row.parent : undefined;
    if (parentId === null) return outcome({ outcome: 'failed', error: `its parent ${row.parent} failed` });
    if (row.parent === '') return outcome({ outcome: 'failed', error: 'parent: an org id or the name of an earlier row is required' });
    if (parentId === undefined) return outcome({ outcome: 'failed', error: `parent: "${row.parent}" is neither an org id nor the name of an earlier row` });
    try {
      const siblings = await children(parentId);
      const existing = siblings.get(row.name);
      if (existing) return outcome({ outcome: 'existing', id: existing });
      const org = await answer(api.POST('/v1/orgs', { body: { name: row.name, kind: row.kind as OrgKind, parentId, regionCode: row.regionCode } }));
      siblings.set(org.name, org.id);
      return outcome({ outcome: 'created', id: org.id });
    } catch (error) {
      if (error instanceof ApiError) return outcome({ outcome: 'failed', error: error.message });
      throw error;
    }
  }

  for (const row of rows) {
    const result = await importRow(row);
    done.set(row.name, result.id ?? null);
    report.rows.push(result);
    report[result.outcome]++;
    progress(report.rows.length, rows.length);
  }
  return report;
}

export async function readOrgFile(path: string): Promise<OrgRow[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new UnreadableFileError(`Cannot read ${path}: ${(error as Error).message}`);
  }
  return parseOrgFile(text);
}
