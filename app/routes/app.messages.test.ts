// The Messages inbox's loader through the real session-token path: every
// message the shop's callers left is reachable a page at a time (newest
// first, none repeated or skipped, even with equal times), within a state,
// and another shop's never; a page number that is not one shows a page.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import prisma from "../db.server";
import { stopJobQueue } from "../jobs/queue.server";
import { MESSAGES_PAGE_SIZE } from "../messages/messages.server";
import { appFetchRequest, callRoute, installShop, TEST_SHOP } from "../../tests/support/shopify";
import { loader } from "./app.messages";

const OTHER_SHOP = "other-inbox.myshopify.com";
const TOTAL = 2 * MESSAGES_PAGE_SIZE + 7;
// Every other message was resolved (more than a page of them); ten share one instant (the order still holds between pages).
const T0 = new Date("2026-11-30T15:00:00Z");
const createdAt = (index: number) => (index < 10 ? T0 : new Date(T0.getTime() + index * 60_000));

interface InboxPage {
  total: number;
  page: number;
  pages: number;
  messages: Array<{ callerName: string; status: string }>;
}

async function inbox(query: string): Promise<InboxPage> {
  const response = await callRoute(loader, await appFetchRequest(`/app/messages${query}`));
  expect(response.status).toBe(200);
  return (await response.json()) as InboxPage;
}

beforeAll(async () => {
  const shop = await installShop(TEST_SHOP, { timezone: "America/New_York" });
  const other = await installShop(OTHER_SHOP, { timezone: "America/New_York" });
  for (const [owner, count] of [
    [shop, TOTAL],
    [other, 3],
  ] as const) {
    const call = await prisma.callSession.create({
      data: { shopId: owner.id, vapiCallId: `inbox-${owner.id}`, direction: "inbound", status: "ended", callerNumber: "+16175550111" },
    });
    await prisma.message.createMany({
      data: Array.from({ length: count }, (_, index) => ({
        shopId: owner.id,
        callSessionId: call.id,
        toolCallId: `tool-${index}`,
        callerName: `${owner.domain === OTHER_SHOP ? "Other" : "Caller"} ${index}`,
        callbackNumber: "+16175550111",
        reason: "Call back about an order",
        status: index % 2 === 0 ? ("resolved" as const) : ("new" as const),
        createdAt: createdAt(index),
      })),
    });
  }
});
afterAll(stopJobQueue);

describe("the messages inbox, a page at a time", () => {
  it("reaches every message once, newest first, across the pages", async () => {
    const first = await inbox("");
    expect(first).toMatchObject({ total: TOTAL, page: 1, pages: 3 });
    const seen: string[] = [];
    for (let page = 1; page <= first.pages; page++) seen.push(...(await inbox(`?page=${page}`)).messages.map((message) => message.callerName));
    expect(seen).toHaveLength(TOTAL);
    expect(new Set(seen).size).toBe(TOTAL);
    expect(seen.every((name) => name.startsWith("Caller "))).toBe(true);
    expect(seen[0]).toBe(`Caller ${TOTAL - 1}`);
    expect(seen.slice(0, TOTAL - 10)).toEqual(Array.from({ length: TOTAL - 10 }, (_, index) => `Caller ${TOTAL - 1 - index}`));
  });

  it("pages within a state, reaching each of its messages once", async () => {
    const resolved = Array.from({ length: TOTAL }, (_, index) => index).filter((index) => index % 2 === 0).length;
    const first = await inbox("?status=resolved");
    expect(first).toMatchObject({ total: resolved, page: 1, pages: Math.ceil(resolved / MESSAGES_PAGE_SIZE) });
    expect(first.pages).toBeGreaterThan(1);
    const seen: InboxPage["messages"] = [];
    for (let page = 1; page <= first.pages; page++) seen.push(...(await inbox(`?status=resolved&page=${page}`)).messages);
    expect(seen).toHaveLength(resolved);
    expect(new Set(seen.map((message) => message.callerName)).size).toBe(resolved);
    expect(seen.every((message) => message.status === "resolved")).toBe(true);
  });

  it.each([
    ["past the last", "?page=999", 3],
    ["zero", "?page=0", 1],
    ["negative", "?page=-2", 1],
    ["not a number", "?page=abc", 1],
    ["a fraction", "?page=1.5", 1],
    ["huge", "?page=1e400", 1],
  ])("a page number %s shows a page of messages", async (_, query, page) => {
    const shown = await inbox(query);
    expect(shown.page).toBe(page);
    expect(shown.messages.length).toBeGreaterThan(0);
  });
});
