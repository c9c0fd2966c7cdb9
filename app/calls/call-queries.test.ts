// The calls page's queries: scoped to the shop, filtered in the shop's timezone.
import { beforeAll, describe, expect, it } from "vitest";
import prisma from "../db.server";
import { installShop } from "../../tests/support/shopify";
import { getCall, listCalls, parseCallFilters } from "./call-queries.server";

let tokyo: string;
let other: string;

beforeAll(async () => {
  tokyo = (await installShop("tokyo.myshopify.com", { timezone: "Asia/Tokyo" })).id;
  other = (await installShop("other.myshopify.com")).id;
  const at = (iso: string) => new Date(iso);
  await prisma.callSession.createMany({
    data: [
      // 2026-11-20 23:30 in Tokyo (14:30Z) and 2026-11-21 00:30 in Tokyo (15:30Z): the shop's midnight splits them.
      { shopId: tokyo, vapiCallId: "t1", direction: "inbound", status: "ended", disposition: "completed", createdAt: at("2026-11-20T14:30:00Z") },
      { shopId: tokyo, vapiCallId: "t2", direction: "outbound", status: "ended", disposition: "no-answer", createdAt: at("2026-11-20T15:30:00Z") },
      ...Array.from({ length: 23 }, (_, i) => ({
        shopId: tokyo,
        vapiCallId: `bulk-${i}`,
        direction: "inbound" as const,
        status: "ended",
        disposition: "completed",
        createdAt: at("2026-11-10T03:00:00Z"),
      })),
      { shopId: other, vapiCallId: "o1", direction: "inbound", status: "ended", disposition: "completed", createdAt: at("2026-11-20T15:30:00Z") },
    ],
  });
});

const list = (query: string) => listCalls(tokyo, "Asia/Tokyo", parseCallFilters(new URLSearchParams(query)));

describe("listCalls", () => {
  it("pages the shop's calls newest first, 20 a page, never another shop's", async () => {
    const first = await list("");
    expect(first).toMatchObject({ total: 25, pages: 2, page: 1 });
    expect(first.calls.map((call) => call.id)).toHaveLength(20);
    const second = await list("page=2");
    expect(second.calls).toHaveLength(5);
    const all = [...first.calls, ...second.calls];
    expect(new Set(all.map((call) => call.id)).size).toBe(25);
  });

  it("filters by local date in the shop's timezone", async () => {
    expect((await list("from=2026-11-21&to=2026-11-21")).calls.map((call) => call.direction)).toEqual(["outbound"]);
    expect((await list("from=2026-11-20&to=2026-11-20")).calls.map((call) => call.direction)).toEqual(["inbound"]);
  });

  it("filters by direction and outcome", async () => {
    expect((await list("direction=outbound")).total).toBe(1);
    expect((await list("disposition=no-answer")).total).toBe(1);
    expect((await list("direction=inbound&disposition=completed")).total).toBe(24);
  });

  it("ignores malformed filters instead of failing", async () => {
    expect((await list("direction=sideways&disposition=x&from=yesterday&page=-3")).total).toBe(25);
  });
});

describe("getCall", () => {
  it("finds nothing for another shop's call", async () => {
    const foreign = await prisma.callSession.findUniqueOrThrow({ where: { vapiCallId: "o1" } });
    expect(await getCall(tokyo, foreign.id)).toBeNull();
    expect(await getCall(other, foreign.id)).not.toBeNull();
  });
});
