// Reading a whole window of one of Vapi's lists. They answer newest first,
// at most `limit` entries, filtered by creation time: each next page is what
// was created up to the oldest entry of the page before (entries on the
// boundary come twice and are kept once, by id).
import { resourceShape, wellFormedEntries } from "./answer-shapes";
import { withVapiRetry, type RetryContext, type RetryOptions } from "./retry";

export const LIST_PAGE_SIZE = 1000;

export interface Listed<T> {
  entries: T[];
  /** False when the pages ran out before the window did: older entries were not read. */
  complete: boolean;
}

export async function listWindow<T extends { id: string; createdAt: string }>(
  context: RetryContext,
  fetchPage: (query: { limit: number; createdAtLe?: string }) => Promise<T[]>,
  { maxPages = 10, ...options }: RetryOptions & { maxPages?: number } = {},
): Promise<Listed<T>> {
  const entries = new Map<string, T>();
  let createdAtLe: string | undefined;
  for (let page = 0; page < maxPages; page++) {
    const answer = await withVapiRetry(context, () => fetchPage({ limit: LIST_PAGE_SIZE, ...(createdAtLe ? { createdAtLe } : {}) }), options);
    const before = entries.size;
    for (const entry of wellFormedEntries(context.operation, answer, resourceShape)) entries.set(entry.id, entry);
    // Counted on the answer itself: an entry left out for its shape still filled the page.
    if (answer.length < LIST_PAGE_SIZE) return { entries: [...entries.values()], complete: true };
    if (entries.size === before) break;
    createdAtLe = new Date(Math.min(...[...entries.values()].map((entry) => Date.parse(entry.createdAt)))).toISOString();
  }
  return { entries: [...entries.values()], complete: false };
}
