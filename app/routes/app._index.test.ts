// The home dashboard's loader through the real session-token path: figures
// for the authenticated shop only (Pacific/Pago_Pago, UTC-11), formatted on
// the server in the shop's timezone with the zone named, numbers in national
// format, and an empty shop's zeros.
import { DateTime } from "luxon";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import prisma from "../db.server";
import { stopJobQueue } from "../jobs/queue.server";
import { appFetchRequest, callRoute, documentRequest, installShop, TEST_SHOP } from "../../tests/support/shopify";
import { loader } from "./app._index";

const ZONE = "Pacific/Pago_Pago";
const OTHER_SHOP = "other-shop.myshopify.com";
const EMPTY_SHOP = "empty-shop.myshopify.com";

// The loader reads the clock: the rows sit around the shop's real midnight.
const todayStart = DateTime.now().setZone(ZONE).startOf("day");
const at = (dt: DateTime) => dt.toJSDate();

beforeAll(async () => {
  const shop = await installShop(TEST_SHOP, {
    name: "Harbor & Pine",
    timezone: ZONE,
    receptionistStatus: "active",
    phoneNumber: "+14155550100",
  });
  const other = await installShop(OTHER_SHOP, { timezone: ZONE });
  await installShop(EMPTY_SHOP, { name: "Empty Shop", timezone: ZONE });
  const settings = await prisma.callSettings.create({
    data: {
      shopId: shop.id,
      phoneE164: "+12125550123",
      timezone: ZONE,
      timeOfDay: "09:00",
      cadence: "weekdays",
      daysOfWeek: [],
      active: true,
    },
  });
  const job = (scheduled: DateTime, status: "completed" | "failed" | "queued", localDate: string, errorMessage?: string) => ({
    shopId: shop.id,
    callSettingsId: settings.id,
    localDate,
    scheduledForUtc: at(scheduled),
    status,
    errorMessage: errorMessage ?? null,
    updatedAt: at(scheduled.plus({ minutes: 1 })),
  });
  await prisma.callJob.createMany({
    data: [
      job(todayStart.minus({ milliseconds: 1 }), "completed", "2000-01-01"), // yesterday's last millisecond
      job(todayStart, "failed", "2000-01-02", "The voice service is having trouble right now."), // today's first
      job(todayStart.plus({ days: 1 }), "queued", "2000-01-03"), // tomorrow
    ],
  });
  const call = (id: string, shopId: string, createdAt: DateTime, durationSec: number, disposition: string) => ({
    shopId,
    vapiCallId: id,
    direction: "inbound" as const,
    status: "ended",
    createdAt: at(createdAt),
    durationSec,
    disposition,
  });
  await prisma.callSession.createMany({
    data: [
      call("yesterday", shop.id, todayStart.minus({ seconds: 1 }), 300, "completed"),
      call("first", shop.id, todayStart, 65, "completed"),
      call("second", shop.id, todayStart.plus({ seconds: 1 }), 55, "voicemail"),
      call("not-ours", other.id, todayStart.plus({ seconds: 2 }), 999, "busy"),
    ],
  });
});
afterAll(stopJobQueue);

describe("home loader", () => {
  it("serves the authenticated shop's figures for its local today, formatted in its timezone", async () => {
    const response = await callRoute(loader, await documentRequest("/app"));
    expect(response.status).toBe(200);
    const data = await response.json();
    expect(data).toMatchObject({
      shopName: "Harbor & Pine",
      timezone: ZONE,
      today: todayStart.toFormat("cccc, LLLL d"),
      zoneName: "GMT-11",
      receptionist: {
        status: "active",
        // National format for the store's region, E.164 kept for the title and copying.
        phoneNumber: { display: "(415) 555-0100", e164: "+14155550100" },
        // Pago Pago has no abbreviation: its offset names the zone.
        lastCall: `${todayStart.plus({ seconds: 1 }).toFormat("ccc, LLL d, yyyy, h:mm a")} GMT-11`,
      },
      calls: {
        count: 2,
        averageDuration: "1m 0s",
        dispositions: [
          { disposition: "completed", count: 1 },
          { disposition: "voicemail", count: 1 },
        ],
      },
    });
    expect(data.checkins).toEqual({
      total: 1,
      counts: [
        { status: "queued", count: 0 },
        { status: "scheduled", count: 0 },
        { status: "started", count: 0 },
        { status: "completed", count: 0 },
        { status: "failed", count: 1 },
        { status: "canceled", count: 0 },
        { status: "missed", count: 0 },
      ],
    });
    expect(data.week).toHaveLength(7);
    expect(data.week.slice(-2)).toEqual([
      {
        localDate: todayStart.minus({ days: 1 }).toISODate(),
        day: todayStart.minus({ days: 1 }).toFormat("ccc"),
        date: todayStart.minus({ days: 1 }).toFormat("LLL d"),
        inboundCalls: 1,
        checkinsCompleted: 1,
        checkinsFailed: 0,
        checkinsMissed: 0,
      },
      {
        localDate: todayStart.toISODate(),
        day: todayStart.toFormat("ccc"),
        date: todayStart.toFormat("LLL d"),
        inboundCalls: 2,
        checkinsCompleted: 0,
        checkinsFailed: 1,
        checkinsMissed: 0,
      },
    ]);
    expect(data.schedules).toEqual([
      {
        id: expect.any(String),
        title: "Weekdays at 9:00 AM",
        // A schedule made before names: no person to show.
        person: null,
        scheduleZone: ZONE,
        phone: { display: "(212) 555-0123", e164: "+12125550123" },
        active: true,
        total: 3,
        completed: 1,
        failed: 1,
        missed: 0,
        successRate: "50%",
        lastError: {
          message: "The voice service is having trouble right now.",
          at: `${todayStart.plus({ minutes: 1 }).toFormat("ccc, LLL d, yyyy, h:mm a")} GMT-11`,
        },
      },
    ]);
  });

  it("answers the app's own fetch (Bearer token) with an empty shop's zeros", async () => {
    const response = await callRoute(
      loader,
      await appFetchRequest("/app?_data=routes%2Fapp._index", {
        shop: EMPTY_SHOP,
      }),
    );
    expect(response.status).toBe(200);
    const data = await response.json();
    expect(data).toMatchObject({
      shopName: "Empty Shop",
      receptionist: {
        status: "not_provisioned",
        phoneNumber: null,
        lastCall: null,
      },
      checkins: { total: 0 },
      calls: { count: 0, averageDuration: null, dispositions: [] },
      schedules: [],
    });
    expect(data.week.map((day: { inboundCalls: number }) => day.inboundCalls)).toEqual([0, 0, 0, 0, 0, 0, 0]);
  });
});
