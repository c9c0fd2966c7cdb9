// listWindow against an in-memory list that answers as Vapi's list endpoints
// do (newest first, `limit`, createdAtLe), by table: every entry of the
// window is read once, whatever its size, ties on a page boundary included.
import { describe, expect, it } from "vitest";
import { LIST_PAGE_SIZE, listWindow } from "./listing";

type Entry = { id: string; createdAt: string };

/** `count` entries, `perMs` of them sharing each millisecond, as Vapi would list them. */
function vapiList(count: number, perMs = 1, malformedEvery = 0) {
  const entries: unknown[] = Array.from({ length: count }, (_, i) => {
    const entry = { id: `e${i}`, createdAt: new Date(Date.UTC(2026, 11, 1) + Math.floor(i / perMs)).toISOString() };
    return malformedEvery && i % malformedEvery === 0 ? { createdAt: entry.createdAt } : entry;
  });
  const newestFirst = [...entries].reverse();
  const requests: Array<{ limit: number; createdAtLe?: string }> = [];
  const fetchPage = async (query: { limit: number; createdAtLe?: string }) => {
    requests.push(query);
    const upTo = query.createdAtLe ? Date.parse(query.createdAtLe) : Infinity;
    return newestFirst.filter((entry) => Date.parse((entry as Entry).createdAt) <= upTo).slice(0, query.limit) as Entry[];
  };
  return { fetchPage, requests };
}

const context = { operation: "list test entries" };
const noSleep = { sleep: async () => undefined };

describe("listWindow", () => {
  it.each([
    ["empty", 0, 1, 1],
    ["one short page", 999, 1, 1],
    ["exactly one page (a second, empty-ended page confirms it)", LIST_PAGE_SIZE, 1, 2],
    ["two and a half pages", 2500, 1, 3],
    ["ties on every page boundary (5 per millisecond)", 2500, 5, 3],
  ])("%s: every entry once", async (_name, count, perMs, pages) => {
    const { fetchPage, requests } = vapiList(count, perMs);
    const listed = await listWindow(context, fetchPage, noSleep);
    expect(listed.complete).toBe(true);
    expect(listed.entries).toHaveLength(count);
    expect(new Set(listed.entries.map((entry) => entry.id)).size).toBe(count);
    expect(requests).toHaveLength(pages);
  });

  it("an entry without an id is left out, and still counts toward a full page", async () => {
    const { fetchPage, requests } = vapiList(1500, 1, 100);
    const listed = await listWindow(context, fetchPage, noSleep);
    expect(listed).toMatchObject({ complete: true });
    expect(listed.entries).toHaveLength(1485);
    expect(requests).toHaveLength(2);
  });

  it("a window larger than the pages allowed is reported incomplete, with the newest read", async () => {
    const { fetchPage } = vapiList(3500);
    const listed = await listWindow(context, fetchPage, { ...noSleep, maxPages: 2 });
    expect(listed.complete).toBe(false);
    expect(listed.entries.map((entry) => entry.id)).toContain("e3499");
    expect(listed.entries.map((entry) => entry.id)).not.toContain("e0");
  });

  it("a page that brings nothing new (more ties in one millisecond than a page holds) stops, incomplete", async () => {
    const { fetchPage, requests } = vapiList(2000, 2000);
    const listed = await listWindow(context, fetchPage, noSleep);
    expect(listed.complete).toBe(false);
    expect(requests).toHaveLength(2);
  });
});
