// The calls pages' view models against a real database: what a merchant reads
// (labels, national numbers, the store's zone named), scoped to the shop, and
// call ids that are not ids answered as "no such call" without a query error.
import type { Shop } from "@prisma/client";
import { beforeAll, describe, expect, it } from "vitest";
import prisma from "../db.server";
import { installShop } from "../../tests/support/shopify";
import { callDetailView, callsListView, SUMMARY_PREVIEW_CHARS, summaryPreview } from "./calls-view.server";
import { parseCallFilters } from "./call-queries.server";

let shop: Shop;
let ownCallId: string;
let otherShopCallId: string;

beforeAll(async () => {
  shop = await installShop("chicago.myshopify.com", { timezone: "America/Chicago", phoneNumber: "+13125550100" });
  const other = await installShop("elsewhere.myshopify.com");
  const own = await prisma.callSession.create({
    data: {
      shopId: shop.id,
      vapiCallId: "c1",
      direction: "inbound",
      status: "ended",
      callerNumber: "+442079460958",
      calleeNumber: "+13125550100",
      startedAt: new Date("2026-12-01T10:00:00Z"),
      durationSec: 95,
      endedReason: "pipeline-error-openai-llm-failed",
      disposition: "failed",
      verificationLockedAt: new Date("2026-12-01T10:01:00Z"),
    },
  });
  ownCallId = own.id;
  otherShopCallId = (await prisma.callSession.create({ data: { shopId: other.id, vapiCallId: "o1", direction: "outbound", status: "queued" } })).id;
});

describe("callDetailView", () => {
  it("shows the shop's call as a merchant reads it", async () => {
    expect(await callDetailView(shop, ownCallId)).toMatchObject({
      direction: "Customer call",
      // A UK caller to a US store: international format; the store's own number: national.
      callerNumber: { display: "+44 20 7946 0958", e164: "+442079460958" },
      calleeNumber: { display: "(312) 555-0100", e164: "+13125550100" },
      time: "Tue, Dec 1, 2026, 4:00 AM CST",
      duration: "1m 35s",
      endedReason: { label: "A technical problem ended the call", code: "pipeline-error-openai-llm-failed" },
      verificationLockedAt: "Tue, Dec 1, 2026, 4:01 AM CST",
    });
  });

  it.each([
    ["another shop's call", () => otherShopCallId],
    ["an unknown id", () => "cmx0000000000000000000000"],
    ["an empty id", () => ""],
    ["a NUL byte", () => "abc\u0000def"],
    ["a lone surrogate", () => "abc\ud800"],
    ["a path", () => "../../admin"],
    ["10 kB of text", () => "a".repeat(10_000)],
    ["SQL", () => "' OR 1=1 --"],
  ])("%s is no such call", async (_, id) => {
    expect(await callDetailView(shop, id())).toBeNull();
  });
});

describe("callsListView", () => {
  it("lists only the shop's calls, labelled and formatted", async () => {
    const view = await callsListView(shop, parseCallFilters(new URLSearchParams()));
    expect(view.total).toBe(1);
    expect(view.receptionistNumber).toEqual({ display: "(312) 555-0100", e164: "+13125550100" });
    expect(view.calls).toEqual([
      {
        id: ownCallId,
        direction: "Customer call",
        party: { display: "+44 20 7946 0958", e164: "+442079460958" },
        time: "Tue, Dec 1, 2026, 4:00 AM CST",
        duration: "1m 35s",
        disposition: "failed",
        status: "ended",
        summary: null,
        partyName: null,
      },
    ]);
  });
});

describe("summaryPreview (what the list sends of a summary)", () => {
  const long = "Emma asked about flannel shirts and her order. ".repeat(400);
  it.each([
    ["none", null, null],
    ["a short one, whole", "Asked about hours.", "Asked about hours."],
    ["exactly the limit, whole", "a".repeat(SUMMARY_PREVIEW_CHARS), "a".repeat(SUMMARY_PREVIEW_CHARS)],
    ["a long one, cut at a word with an ellipsis", long, `${long.slice(0, long.slice(0, SUMMARY_PREVIEW_CHARS).lastIndexOf(" "))}…`],
    ["one long word, cut at the limit", "x".repeat(5_000), `${"x".repeat(SUMMARY_PREVIEW_CHARS)}…`],
  ])("%s", (_label, summary, expected) => {
    expect(summaryPreview(summary)).toBe(expected);
  });

  it("never splits a surrogate pair, whatever the length", () => {
    for (let length = SUMMARY_PREVIEW_CHARS - 3; length <= SUMMARY_PREVIEW_CHARS + 3; length++) {
      const preview = summaryPreview("😀".repeat(length))!;
      expect(preview).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/);
      expect(Array.from(preview.replace(/…$/, "")).length).toBeLessThanOrEqual(SUMMARY_PREVIEW_CHARS);
    }
  });

  it("the list view sends the preview, the detail view the whole summary", async () => {
    const summary = "Caller wants a callback about a custom order. ".repeat(300);
    const call = await prisma.callSession.create({ data: { shopId: shop.id, vapiCallId: "c-long", direction: "inbound", status: "ended", summary } });
    try {
      const view = await callsListView(shop, parseCallFilters(new URLSearchParams()));
      expect(view.calls.find((row) => row.id === call.id)!.summary).toBe(summaryPreview(summary));
      expect((await callDetailView(shop, call.id))!.summary).toBe(summary);
    } finally {
      await prisma.callSession.delete({ where: { id: call.id } });
    }
  });
});
