// The dashboard's figures, exactly, for a known mix of jobs and calls seeded
// around the shops' midnights: a shop at UTC+14 (Pacific/Kiritimati) and one
// in New York on the day its clocks go forward (a 23-hour day), with a fixed
// "now". Another shop's rows sit in the same instants and must never count.
// The calls and check-in pages' own functions must give the same numbers.
import type { CallJobStatus, Prisma, Shop } from "@prisma/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import prisma from "../db.server";
import { stopJobQueue } from "../jobs/queue.server";
import { listCalls, parseCallFilters } from "../calls/call-queries.server";
import { jobStats as checkinPageStats } from "../checkins/settings.server";
import { dailySeries, dashboardFigures, inboundCallStats, jobStats, receptionistSummary, scheduleStats } from "./figures.server";
import { dayWindow, lastDays } from "./windows";

const KIRITIMATI = "Pacific/Kiritimati"; // UTC+14, no DST
const NEW_YORK = "America/New_York";
/** 16:00 on Tuesday 2026-03-10 in Kiritimati. */
const K_NOW = new Date("2026-03-10T02:00:00Z");
/** 16:00 EDT on Sunday 2026-03-08 in New York: clocks went forward at 02:00, the day has 23 hours. */
const N_NOW = new Date("2026-03-08T20:00:00Z");

let kiritimati: Shop;
let newYork: Shop;
let other: Shop;
let kSchedule: string;
let nSchedule: string;

const at = (iso: string) => new Date(iso);

let localDates = 0;

/**
 * Jobs as [scheduledForUtc, status, errorMessage?, updatedAt?]. The dashboard
 * reads scheduledForUtc, never localDate; localDate is made unique per job
 * because a schedule has at most one live job per local date (a unique index).
 */
function jobs(shopId: string, callSettingsId: string | null, rows: Array<[string, CallJobStatus, string?, string?]>): Prisma.CallJobCreateManyInput[] {
  return rows.map(([scheduled, status, errorMessage, updatedAt]) => ({
    shopId,
    callSettingsId,
    localDate: new Date(Date.UTC(2025, 0, 1 + localDates++)).toISOString().slice(0, 10),
    scheduledForUtc: at(scheduled),
    status,
    errorMessage: errorMessage ?? null,
    updatedAt: at(updatedAt ?? scheduled),
  }));
}

let calls = 0;
function call(shopId: string, createdAt: string, fields: Partial<Prisma.CallSessionCreateManyInput> = {}): Prisma.CallSessionCreateManyInput {
  calls += 1;
  return {
    shopId,
    vapiCallId: `call-${calls}`,
    direction: "inbound",
    status: "ended",
    createdAt: at(createdAt),
    ...fields,
  };
}

beforeAll(async () => {
  const shop = (domain: string, data: Partial<Prisma.ShopCreateInput>) => prisma.shop.create({ data: { domain, name: domain, ...data } });
  kiritimati = await shop("kiritimati.myshopify.com", {
    timezone: KIRITIMATI,
    receptionistStatus: "active",
    phoneNumber: "+14155550100",
  });
  newYork = await shop("new-york.myshopify.com", { timezone: NEW_YORK });
  other = await shop("other.myshopify.com", {
    timezone: "UTC",
    receptionistStatus: "active",
    phoneNumber: "+14155550200",
  });
  const schedule = (shopId: string, timezone: string) =>
    prisma.callSettings.create({
      data: {
        shopId,
        phoneE164: "+12125550123",
        timezone,
        timeOfDay: "09:00",
        cadence: "daily",
        daysOfWeek: [],
        active: true,
      },
    });
  kSchedule = (await schedule(kiritimati.id, KIRITIMATI)).id;
  nSchedule = (await schedule(newYork.id, NEW_YORK)).id;
  const oSchedule = (await schedule(other.id, "UTC")).id;

  await prisma.callJob.createMany({
    data: [
      // Kiritimati: today is [2026-03-09T10:00Z, 2026-03-10T10:00Z).
      ...jobs(kiritimati.id, kSchedule, [
        ["2026-03-09T09:59:59.000Z", "completed"], // 23:59:59 yesterday
        ["2026-03-09T10:00:00.000Z", "completed"], // 00:00 today
        ["2026-03-09T20:00:00.000Z", "failed", "The voice service is having trouble right now.", "2026-03-09T20:05:00.000Z"],
        ["2026-03-09T22:00:00.000Z", "missed", "Not placed within 15 minutes of its time (20 minutes late)", "2026-03-09T22:20:00.000Z"],
        // Canceled later than the last failure: a merchant's cancel is not an error.
        ["2026-03-10T01:00:00.000Z", "canceled", "Canceled by the merchant", "2026-03-10T01:05:00.000Z"],
        ["2026-03-10T01:30:00.000Z", "started"],
        ["2026-03-10T03:00:00.000Z", "scheduled"],
        ["2026-03-10T04:00:00.000Z", "queued"],
        ["2026-03-10T09:59:59.999Z", "queued"], // the day's last millisecond
        ["2026-03-10T10:00:00.000Z", "queued"], // 00:00 tomorrow
        ["2026-03-05T20:00:00.000Z", "failed", "An older failure", "2026-03-05T20:05:00.000Z"], // Mar 6 local
        ["2026-03-03T09:59:00.000Z", "completed"], // Mar 3 23:59 local: before the 7 days
      ]),
      // A job whose schedule was deleted (Mar 4 22:00 local).
      ...jobs(kiritimati.id, null, [
        ["2026-03-04T08:00:00.000Z", "missed", "Not placed within 15 minutes of its time (40 minutes late)", "2026-03-04T08:40:00.000Z"],
      ]),
      // New York: today (Mar 8, 23 hours) is [2026-03-08T05:00Z, 2026-03-09T04:00Z).
      ...jobs(newYork.id, nSchedule, [
        ["2026-03-08T04:59:59.000Z", "completed"], // Mar 7 23:59:59 EST
        ["2026-03-08T05:00:00.000Z", "failed", "The AI receptionist is not set up: check-in calls are placed from its number", "2026-03-08T05:00:02.000Z"],
        ["2026-03-08T14:00:00.000Z", "completed"],
        ["2026-03-09T03:59:59.000Z", "queued"], // Mar 8 23:59:59 EDT
        ["2026-03-09T04:00:00.000Z", "queued"], // Mar 9 00:00 EDT: tomorrow
        ["2026-03-09T04:30:00.000Z", "queued"], // inside a naive 24-hour day, not in the real one
      ]),
      // Another shop, at the same instants, with the newest error of all.
      ...jobs(other.id, oSchedule, [
        ["2026-03-09T12:00:00.000Z", "failed", "Another shop's error", "2026-03-10T01:59:00.000Z"],
        ["2026-03-08T12:00:00.000Z", "completed"],
      ]),
    ],
  });

  await prisma.callSession.createMany({
    data: [
      call(kiritimati.id, "2026-03-09T09:59:59.000Z", {
        disposition: "completed",
        durationSec: 100,
      }), // yesterday
      call(kiritimati.id, "2026-03-09T10:00:00.000Z", {
        disposition: "completed",
        durationSec: 60,
      }),
      call(kiritimati.id, "2026-03-09T15:00:00.000Z", {
        disposition: "voicemail",
        durationSec: 30,
      }),
      call(kiritimati.id, "2026-03-09T23:00:00.000Z", {
        status: "in-progress",
      }), // no outcome, no duration yet
      call(kiritimati.id, "2026-03-10T01:00:00.000Z", {
        disposition: "transferred",
        durationSec: 95,
        startedAt: at("2026-03-10T01:00:05.000Z"),
      }),
      call(kiritimati.id, "2026-03-10T01:30:00.000Z", {
        direction: "outbound",
        disposition: "completed",
        durationSec: 40,
      }), // a check-in call, not a customer's
      call(kiritimati.id, "2026-03-04T09:00:00.000Z", {
        disposition: "completed",
        durationSec: 10,
      }), // Mar 4 23:00 local
      call(kiritimati.id, "2026-03-03T09:00:00.000Z", {
        disposition: "completed",
        durationSec: 10,
      }), // Mar 3: before the 7 days
      call(newYork.id, "2026-03-08T04:30:00.000Z", {
        disposition: "completed",
        durationSec: 50,
      }), // Mar 7 23:30 EST
      call(newYork.id, "2026-03-08T05:30:00.000Z", {
        disposition: "failed",
        durationSec: 0,
      }),
      call(newYork.id, "2026-03-08T18:00:00.000Z", {
        disposition: "completed",
        durationSec: 120,
      }),
      call(other.id, "2026-03-09T12:00:00.000Z", {
        disposition: "completed",
        durationSec: 999,
      }),
      call(other.id, "2026-03-10T01:50:00.000Z", {
        disposition: "busy",
        durationSec: 5,
      }),
      call(other.id, "2026-03-08T12:00:00.000Z", {
        disposition: "completed",
        durationSec: 7,
      }),
    ],
  });
});
afterAll(stopJobQueue);

const zeroDay = (localDate: string) => ({
  localDate,
  inboundCalls: 0,
  checkinsCompleted: 0,
  checkinsFailed: 0,
  checkinsMissed: 0,
});

describe("windows", () => {
  it("today is the shop's local day, 24 hours at UTC+14 and 23 on New York's spring-forward day", () => {
    expect(dayWindow(KIRITIMATI, K_NOW)).toEqual({
      localDate: "2026-03-10",
      start: at("2026-03-09T10:00:00Z"),
      end: at("2026-03-10T10:00:00Z"),
    });
    expect(dayWindow(NEW_YORK, N_NOW)).toEqual({
      localDate: "2026-03-08",
      start: at("2026-03-08T05:00:00Z"),
      end: at("2026-03-09T04:00:00Z"),
    });
    expect(dayWindow("Pacific/Pago_Pago", at("2026-03-10T10:59:00Z"))).toMatchObject({
      localDate: "2026-03-09",
      start: at("2026-03-09T11:00:00Z"),
    });
    expect(lastDays(NEW_YORK, N_NOW).map((day) => day.localDate)).toEqual([
      "2026-03-02",
      "2026-03-03",
      "2026-03-04",
      "2026-03-05",
      "2026-03-06",
      "2026-03-07",
      "2026-03-08",
    ]);
  });
});

describe("dashboardFigures: a shop at UTC+14", () => {
  it("gives every figure exactly", async () => {
    const figures = await dashboardFigures(kiritimati, K_NOW);
    expect(figures.today).toEqual({
      localDate: "2026-03-10",
      start: at("2026-03-09T10:00:00Z"),
      end: at("2026-03-10T10:00:00Z"),
    });
    expect(figures.receptionist).toEqual({
      status: "active",
      phoneNumber: "+14155550100",
      lastErrorMessage: null,
      // The latest inbound call (the later outbound one is a check-in), at its start.
      lastInboundCallAt: at("2026-03-10T01:00:05.000Z"),
    });
    expect(figures.checkinsToday).toEqual({
      counts: {
        queued: 2,
        scheduled: 1,
        started: 1,
        completed: 1,
        failed: 1,
        canceled: 1,
        missed: 1,
      },
      total: 8,
      successRate: 1 / 3,
    });
    expect(figures.inboundCallsToday).toEqual({
      count: 4,
      averageDurationSec: (60 + 30 + 95) / 3,
      byDisposition: {
        completed: 1,
        voicemail: 1,
        transferred: 1,
        "in-progress": 1,
      },
    });
    expect(figures.last7Days).toEqual([
      { ...zeroDay("2026-03-04"), inboundCalls: 1, checkinsMissed: 1 },
      zeroDay("2026-03-05"),
      { ...zeroDay("2026-03-06"), checkinsFailed: 1 },
      zeroDay("2026-03-07"),
      zeroDay("2026-03-08"),
      { ...zeroDay("2026-03-09"), inboundCalls: 1, checkinsCompleted: 1 },
      {
        localDate: "2026-03-10",
        inboundCalls: 4,
        checkinsCompleted: 1,
        checkinsFailed: 1,
        checkinsMissed: 1,
      },
    ]);
    expect(figures.schedules).toEqual([
      {
        callSettingsId: kSchedule,
        schedule: {
          name: "",
          phoneE164: "+12125550123",
          timezone: KIRITIMATI,
          timeOfDay: "09:00",
          cadence: "daily",
          daysOfWeek: [],
          active: true,
        },
        counts: {
          queued: 3,
          scheduled: 1,
          started: 1,
          completed: 3,
          failed: 2,
          canceled: 1,
          missed: 1,
        },
        total: 12,
        successRate: 3 / 6,
        lastError: {
          message: "Not placed within 15 minutes of its time (20 minutes late)",
          at: at("2026-03-09T22:20:00Z"),
        },
      },
      {
        callSettingsId: null,
        schedule: null,
        counts: {
          queued: 0,
          scheduled: 0,
          started: 0,
          completed: 0,
          failed: 0,
          canceled: 0,
          missed: 1,
        },
        total: 1,
        successRate: 0,
        lastError: {
          message: "Not placed within 15 minutes of its time (40 minutes late)",
          at: at("2026-03-04T08:40:00Z"),
        },
      },
    ]);
  });

  it("agrees with the calls page (inbound, today) and the check-in page (all jobs)", async () => {
    const today = "2026-03-10";
    const page = await listCalls(kiritimati.id, KIRITIMATI, parseCallFilters(new URLSearchParams(`direction=inbound&from=${today}&to=${today}`)));
    const figures = await dashboardFigures(kiritimati, K_NOW);
    expect(page.total).toBe(figures.inboundCallsToday.count);
    expect(page.calls.map((listed) => listed.createdAt.toISOString()).sort()).toEqual([
      "2026-03-09T10:00:00.000Z",
      "2026-03-09T15:00:00.000Z",
      "2026-03-09T23:00:00.000Z",
      "2026-03-10T01:00:00.000Z",
    ]);
    for (const day of figures.last7Days) {
      const listed = await listCalls(
        kiritimati.id,
        KIRITIMATI,
        parseCallFilters(new URLSearchParams(`direction=inbound&from=${day.localDate}&to=${day.localDate}`)),
      );
      expect(listed.total, day.localDate).toBe(day.inboundCalls);
    }
    const all = await checkinPageStats(kiritimati.id);
    expect(all).toEqual({
      counts: {
        queued: 3,
        scheduled: 1,
        started: 1,
        completed: 3,
        failed: 2,
        canceled: 1,
        missed: 2,
      },
      total: 13,
      successRate: 3 / 7,
    });
    expect(all.total).toBe(figures.schedules.reduce((sum, schedule) => sum + schedule.total, 0));
  });
});

describe("dashboardFigures: New York on its 23-hour day", () => {
  it("gives every figure exactly", async () => {
    const figures = await dashboardFigures(newYork, N_NOW);
    expect(figures.receptionist).toEqual({
      status: "not_provisioned",
      phoneNumber: null,
      lastErrorMessage: null,
      lastInboundCallAt: at("2026-03-08T18:00:00Z"),
    });
    expect(figures.checkinsToday).toEqual({
      counts: {
        queued: 1,
        scheduled: 0,
        started: 0,
        completed: 1,
        failed: 1,
        canceled: 0,
        missed: 0,
      },
      total: 3,
      successRate: 1 / 2,
    });
    expect(figures.inboundCallsToday).toEqual({
      count: 2,
      averageDurationSec: 60,
      byDisposition: { failed: 1, completed: 1 },
    });
    expect(figures.last7Days).toEqual([
      zeroDay("2026-03-02"),
      zeroDay("2026-03-03"),
      zeroDay("2026-03-04"),
      zeroDay("2026-03-05"),
      zeroDay("2026-03-06"),
      { ...zeroDay("2026-03-07"), inboundCalls: 1, checkinsCompleted: 1 },
      {
        ...zeroDay("2026-03-08"),
        inboundCalls: 2,
        checkinsCompleted: 1,
        checkinsFailed: 1,
      },
    ]);
    expect(figures.schedules).toEqual([
      expect.objectContaining({
        callSettingsId: nSchedule,
        counts: {
          queued: 3,
          scheduled: 0,
          started: 0,
          completed: 2,
          failed: 1,
          canceled: 0,
          missed: 0,
        },
        total: 6,
        successRate: 2 / 3,
        lastError: {
          message: "The AI receptionist is not set up: check-in calls are placed from its number",
          at: at("2026-03-08T05:00:02Z"),
        },
      }),
    ]);
  });
});

describe("scoping and empty shops", () => {
  it("a shop with nothing gets zeros, nulls and no schedules (never another shop's rows)", async () => {
    const empty = await prisma.shop.create({
      data: {
        domain: "empty.myshopify.com",
        name: "Empty",
        timezone: KIRITIMATI,
      },
    });
    const figures = await dashboardFigures(empty, K_NOW);
    expect(figures.receptionist).toEqual({
      status: "not_provisioned",
      phoneNumber: null,
      lastErrorMessage: null,
      lastInboundCallAt: null,
    });
    expect(figures.checkinsToday).toEqual({
      counts: {
        queued: 0,
        scheduled: 0,
        started: 0,
        completed: 0,
        failed: 0,
        canceled: 0,
        missed: 0,
      },
      total: 0,
      successRate: null,
    });
    expect(figures.inboundCallsToday).toEqual({
      count: 0,
      averageDurationSec: null,
      byDisposition: {},
    });
    expect(figures.last7Days.every((day) => day.inboundCalls + day.checkinsCompleted + day.checkinsFailed + day.checkinsMissed === 0)).toBe(true);
    expect(figures.schedules).toEqual([]);
  });

  it("the other shop's figures hold only its own rows", async () => {
    expect(await inboundCallStats(other.id, "UTC", "2026-03-09")).toEqual({
      count: 1,
      averageDurationSec: 999,
      byDisposition: { completed: 1 },
    });
    expect((await jobStats(other.id)).total).toBe(2);
    expect((await scheduleStats(other.id))[0].lastError?.message).toBe("Another shop's error");
    expect((await receptionistSummary(other)).lastInboundCallAt).toEqual(at("2026-03-10T01:50:00Z"));
    expect((await dailySeries(other.id, "UTC", K_NOW)).map((day) => day.inboundCalls)).toEqual([0, 0, 0, 0, 1, 1, 1]);
  });

  it("shows the receptionist's setup error only while it is failed", async () => {
    const failed = {
      id: other.id,
      receptionistStatus: "failed" as const,
      phoneNumber: null,
      lastErrorMessage: "No numbers in 212",
    };
    expect(await receptionistSummary(failed)).toMatchObject({
      status: "failed",
      lastErrorMessage: "No numbers in 212",
    });
    expect(await receptionistSummary({ ...failed, receptionistStatus: "active" })).toMatchObject({ lastErrorMessage: null });
  });
});
