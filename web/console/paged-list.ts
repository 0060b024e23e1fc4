import { byId } from '../common/dom.js';

/**
 * Shows one page of a console list kept in `#{id}`: the first page replaces what was there, a
 * further one is appended. `#{id}-empty` shows when nothing is listed; `#{id}-more` asks for
 * the next page while the API has one.
 */
export function showPage(id: string, rows: Node[], page: { cursor?: string | undefined; nextCursor?: string | null | undefined }, next: (cursor: string) => unknown): void {
  const list = byId(id);
  if (page.cursor) list.append(...rows);
  else list.replaceChildren(...rows);
  byId(`${id}-empty`).hidden = list.childElementCount > 0;
  const more = byId<HTMLButtonElement>(`${id}-more`);
  const { nextCursor } = page;
  more.hidden = !nextCursor;
  more.onclick = nextCursor ? () => void next(nextCursor) : null;
}

/** The query of a list's page: its filters and, after the first page, the cursor. */
export function pageQuery(filters: Record<string, string>, cursor?: string): string {
  const query = new URLSearchParams({ ...filters, ...(cursor ? { cursor } : {}) }).toString();
  return query ? `?${query}` : '';
}
