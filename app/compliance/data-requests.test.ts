// The data requests page against a real database and the Admin API stand-in:
// the customer named as Shopify names them, a readable summary, the JSON
// download (an attachment, the shop's own reports only) and "Mark as sent"
// (recorded once, whatever the number of clicks or tabs).
import type { ComplianceReport, Shop } from "@prisma/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import prisma from "../db.server";
import { DEMO_SHOP_DOMAIN, demoShopFixtures } from "../sandbox/fixtures/demo-shop";
import { startShopifyAdminStandIn, type ShopifyAdminStandIn } from "../sandbox/shopify-admin/server";
import { appFetchRequest, callRoute, installShop } from "../../tests/support/shopify";
import { markReportSent } from "./data-reports.server";

const OTHER_SHOP = "other-shop.myshopify.com";
// Emma, a customer of the demo shop's fixtures.
const EMMA = { id: 7610000000001, email: "emma.johnson@example.com", phone: "+16175550101" };

let standIn: ShopifyAdminStandIn;
let shop: Shop;
let report: ComplianceReport;
let otherReport: ComplianceReport;
let page: typeof import("../routes/app.data-requests");
let download: typeof import("../routes/app.data-requests.$id.download");

const storedReport = {
  customer: EMMA,
  matchedBy: "phone number",
  calls: [
    {
      vapiCallId: "vapi-call-internal-1",
      direction: "inbound",
      callerNumber: EMMA.phone,
      calleeNumber: "+14155550100",
      startedAt: "2026-11-30T15:00:00.000Z",
      endedAt: "2026-11-30T15:02:05.000Z",
      durationSec: 125,
      disposition: "completed",
      summary: "Emma asked about order 1001.",
      transcript: "Hi, where is order 1001?",
      recordingUrl: "https://vapi.example/rec.wav",
      messageTaken: null,
    },
    {
      vapiCallId: "vapi-call-internal-2",
      direction: "outbound",
      callerNumber: "+14155550100",
      calleeNumber: EMMA.phone,
      startedAt: "2026-12-01T14:00:00.000Z",
      endedAt: null,
      durationSec: null,
      disposition: "no-answer",
      summary: null,
      transcript: null,
      recordingUrl: null,
      messageTaken: null,
    },
  ],
};

beforeAll(async () => {
  standIn = await startShopifyAdminStandIn({ shops: { [DEMO_SHOP_DOMAIN]: { accessToken: `shpat_${DEMO_SHOP_DOMAIN}`, fixtures: demoShopFixtures } } });
  // Read at each Admin API request (tests/support/route-admin-api.ts).
  process.env.SANDBOX_ADMIN_API_URL = standIn.url;
  shop = await installShop(DEMO_SHOP_DOMAIN, { timezone: "America/New_York", phoneNumber: "+14155550100" });
  const other = await installShop(OTHER_SHOP);
  report = await prisma.complianceReport.create({ data: { shopId: shop.id, shopifyCustomerId: String(EMMA.id), dataRequestId: "7", report: storedReport } });
  otherReport = await prisma.complianceReport.create({ data: { shopId: other.id, shopifyCustomerId: "42", report: { customer: { id: 42 }, calls: [] } } });
  page = await import("../routes/app.data-requests");
  download = await import("../routes/app.data-requests.$id.download");
});

afterAll(async () => {
  await standIn?.close();
});

const markSent = async (reportId: string, shopDomain = DEMO_SHOP_DOMAIN) =>
  callRoute(
    page.action,
    await appFetchRequest("/app/data-requests", { shop: shopDomain, method: "POST", body: new URLSearchParams({ intent: "markSent", reportId }) }),
  );

describe("the page", () => {
  it("names the customer, gives their email and number, and says what is stored, in the store's zone", async () => {
    const response = await callRoute(page.loader, await appFetchRequest("/app/data-requests", { shop: DEMO_SHOP_DOMAIN }));
    const { reports } = (await response.json()) as { reports: Array<Record<string, unknown>> };
    expect(reports).toEqual([
      {
        id: report.id,
        customerName: "Emma Johnson",
        gatheredAt: expect.stringMatching(/ E[SD]T$/),
        sentAt: null,
        summary: {
          email: EMMA.email,
          phone: { display: "(617) 555-0101", e164: EMMA.phone },
          headline: "2 calls: 1 customer call, 1 check-in call",
          contents: "1 summary, 1 transcript, 1 recording",
          calls: [
            {
              time: "Mon, Nov 30, 2026, 10:00 AM EST",
              kind: "Customer call",
              outcome: "Completed",
              duration: "2m 5s",
              holds: "summary, transcript, recording",
            },
            { time: "Tue, Dec 1, 2026, 9:00 AM EST", kind: "Check-in call", outcome: "No answer", duration: "—", holds: "" },
          ],
        },
      },
    ]);
    // Nothing raw reaches the page: no ISO instants, no customer id, no internal call ids.
    const text = JSON.stringify(reports);
    expect(text).not.toMatch(/\d{4}-\d{2}-\d{2}T/);
    expect(text).not.toContain(String(EMMA.id));
    // (Ids no cuid can contain: the report's own id is random, and once held "v1".)
    expect(text).not.toContain("vapi-call-internal");
  });
});

describe("Download JSON", () => {
  it("serves the shop's report whole, as an attachment that is not cached", async () => {
    const response = await callRoute(download.loader, await appFetchRequest(`/app/data-requests/${report.id}/download`, { shop: DEMO_SHOP_DOMAIN }), {
      id: report.id,
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toBe("application/json; charset=utf-8");
    expect(response.headers.get("Content-Disposition")).toBe(
      `attachment; filename="sandbox-demo-customer-${EMMA.id}-data-${report.createdAt.toISOString().slice(0, 10)}.json"`,
    );
    expect(response.headers.get("Cache-Control")).toBe("private, no-store");
    expect(JSON.parse(await response.text())).toEqual(storedReport);
  });

  it.each([
    ["another shop's report", () => otherReport.id],
    ["an unknown id", () => "cmx0000000000000000000000"],
    ["a NUL byte", () => "abc\u0000"],
    ["a lone surrogate", () => "abc\ud800"],
    ["a path", () => "../../secrets"],
    ["10 kB", () => "a".repeat(10_000)],
  ])("%s is 404", async (_, id) => {
    const response = await callRoute(download.loader, await appFetchRequest(`/app/data-requests/x/download`, { shop: DEMO_SHOP_DOMAIN }), { id: id() });
    expect(response.status).toBe(404);
  });

  it("needs the admin's session token", async () => {
    const response = await callRoute(
      download.loader,
      await appFetchRequest(`/app/data-requests/${report.id}/download`, { shop: DEMO_SHOP_DOMAIN, token: null }),
      {
        id: report.id,
      },
    );
    expect(response.status).not.toBe(200);
    expect(await response.text()).not.toContain("Hi, where is order 1001?");
  });
});

describe("Mark as sent", () => {
  it("records the first time only: a second click and concurrent tabs change nothing", async () => {
    const fresh = await prisma.complianceReport.create({ data: { shopId: shop.id, shopifyCustomerId: "5", report: { customer: { id: 5 }, calls: [] } } });
    const first = new Date("2026-12-01T15:00:00Z");
    expect(await markReportSent(shop.id, fresh.id, first)).toBe("marked");
    expect(await markReportSent(shop.id, fresh.id, new Date("2026-12-02T15:00:00Z"))).toBe("already_sent");
    expect((await prisma.complianceReport.findUniqueOrThrow({ where: { id: fresh.id } })).sentAt).toEqual(first);

    const racing = await prisma.complianceReport.create({ data: { shopId: shop.id, shopifyCustomerId: "6", report: { customer: { id: 6 }, calls: [] } } });
    const outcomes = await Promise.all(Array.from({ length: 8 }, () => markReportSent(shop.id, racing.id)));
    expect(outcomes.filter((outcome) => outcome === "marked")).toHaveLength(1);
    expect(outcomes.filter((outcome) => outcome === "already_sent")).toHaveLength(7);
  });

  it("through the page: ok twice, and the page shows it sent", async () => {
    expect(await (await markSent(report.id)).json()).toEqual({ ok: true });
    expect(await (await markSent(report.id)).json()).toEqual({ ok: true });
    const response = await callRoute(page.loader, await appFetchRequest("/app/data-requests", { shop: DEMO_SHOP_DOMAIN }));
    const { reports } = (await response.json()) as { reports: Array<{ id: string; sentAt: string | null }> };
    expect(reports.find((entry) => entry.id === report.id)?.sentAt).toMatch(/ E[SD]T$/);
  });

  it.each([
    ["another shop's report", () => otherReport.id],
    ["an unknown id", () => "cmx0000000000000000000000"],
    ["a NUL byte", () => "abc\u0000"],
    ["an empty id", () => ""],
  ])("%s is not found and changes nothing", async (_, id) => {
    const response = await markSent(id());
    expect(response.status).toBe(404);
    expect((await prisma.complianceReport.findUniqueOrThrow({ where: { id: otherReport.id } })).sentAt).toBeNull();
  });
});
