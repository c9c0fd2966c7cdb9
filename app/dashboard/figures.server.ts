// The one query module behind every figure the app shows: the home
// dashboard, the calls page's counts and the check-in page's statistics all
// read through these functions, so the same question gets the same answer.
// Every query is scoped by shopId. Days are the shop's local days
// (windows.ts); "now" is a parameter so tests can pin it.
//
// Definitions:
// - A call belongs to the local day of its createdAt (as on the calls page).
// - A check-in job belongs to the local day of its scheduledForUtc.
// - Success rate: completed / (completed + failed + missed); null when no job
//   has an outcome yet (queued, scheduled, started and canceled don't count).
// - Average duration: over the calls that have a duration (null when none do).
import type { CallDirection, CallJobStatus, Prisma, ReceptionistStatus, Shop } from "@prisma/client";
import prisma from "../db.server";
import { dayWindow, lastDays, localDateOf, localDateRange, type DayWindow } from "./windows";

/** Every status a job that is a call (or the merchant's cancel) can have: superseded jobs (replaced by a schedule change) are in no figure. */
export const JOB_STATUSES = ["queued", "scheduled", "started", "completed", "failed", "canceled", "missed"] as const satisfies readonly CallJobStatus[];
export type ListedJobStatus = (typeof JOB_STATUSES)[number];
const NOT_SUPERSEDED = { not: "superseded" } as const;

/** Job statuses whose failure is worth showing (canceled is the merchant's own doing). */
const FAILED_STATUSES: CallJobStatus[] = ["failed", "missed"];

// ---------------------------------------------------------------- calls

export interface CallWhereFilters {
  direction?: CallDirection | null;
  disposition?: string | null;
  /** Local dates (YYYY-MM-DD) in the shop's timezone, both inclusive. */
  from?: string | null;
  to?: string | null;
}

/** The calls of one shop matching the filters: what the calls page lists and counts. */
export function callWhere(shopId: string, timezone: string, filters: CallWhereFilters = {}): Prisma.CallSessionWhereInput {
  const createdAt = localDateRange(timezone, filters.from, filters.to);
  return {
    shopId,
    ...(filters.direction ? { direction: filters.direction } : {}),
    ...(filters.disposition ? { disposition: filters.disposition } : {}),
    ...(createdAt ? { createdAt } : {}),
  };
}

export function countCalls(shopId: string, timezone: string, filters: CallWhereFilters = {}): Promise<number> {
  return prisma.callSession.count({
    where: callWhere(shopId, timezone, filters),
  });
}

export interface CallStats {
  count: number;
  /** Mean durationSec over the calls with a duration; null when none has one. */
  averageDurationSec: number | null;
  /** Calls per disposition; calls still in progress (no disposition yet) are under "in-progress". */
  byDisposition: Record<string, number>;
}

/** Inbound (customer) calls of one local day, as the calls page filtered to that day and "inbound" lists them. */
export async function inboundCallStats(shopId: string, timezone: string, localDate: string): Promise<CallStats> {
  const where = callWhere(shopId, timezone, {
    direction: "inbound",
    from: localDate,
    to: localDate,
  });
  const [aggregate, groups] = await Promise.all([
    prisma.callSession.aggregate({
      where,
      _count: { _all: true },
      _avg: { durationSec: true },
    }),
    prisma.callSession.groupBy({
      by: ["disposition"],
      where,
      _count: { _all: true },
    }),
  ]);
  const byDisposition: Record<string, number> = {};
  for (const group of groups) byDisposition[group.disposition ?? "in-progress"] = group._count._all;
  return {
    count: aggregate._count._all,
    averageDurationSec: aggregate._avg.durationSec ?? null,
    byDisposition,
  };
}

// ------------------------------------------------------------- check-ins

export interface JobStats {
  counts: Record<ListedJobStatus, number>;
  total: number;
  /** completed / (completed + failed + missed); null before any call has an outcome. */
  successRate: number | null;
}

export interface JobScope {
  /** Only jobs scheduled in [gte, lt). */
  scheduledFor?: { gte: Date; lt: Date };
  /** Only one schedule's jobs; null: the jobs whose schedule was deleted. */
  callSettingsId?: string | null;
}

function jobWhere(shopId: string, scope: JobScope): Prisma.CallJobWhereInput {
  return {
    shopId,
    status: NOT_SUPERSEDED,
    ...(scope.scheduledFor ? { scheduledForUtc: scope.scheduledFor } : {}),
    ...(scope.callSettingsId !== undefined ? { callSettingsId: scope.callSettingsId } : {}),
  };
}

function emptyCounts(): Record<ListedJobStatus, number> {
  return Object.fromEntries(JOB_STATUSES.map((status) => [status, 0])) as Record<ListedJobStatus, number>;
}

function statsOf(counts: Record<ListedJobStatus, number>): JobStats {
  const outcomes = counts.completed + counts.failed + counts.missed;
  return {
    counts,
    total: JOB_STATUSES.reduce((sum, status) => sum + counts[status], 0),
    successRate: outcomes === 0 ? null : counts.completed / outcomes,
  };
}

/** Check-in jobs per status (all of the shop's, or those in `scope`). */
export async function jobStats(shopId: string, scope: JobScope = {}): Promise<JobStats> {
  const groups = await prisma.callJob.groupBy({
    by: ["status"],
    where: jobWhere(shopId, scope),
    _count: { _all: true },
  });
  const counts = emptyCounts();
  for (const group of groups) if (group.status !== "superseded") counts[group.status] = group._count._all;
  return statsOf(counts);
}

export interface ScheduleStats extends JobStats {
  /** The schedule's id; null for the jobs of deleted schedules. */
  callSettingsId: string | null;
  schedule: {
    /** The person the schedule calls ("" for a schedule made before names). */
    name: string;
    phoneE164: string;
    timezone: string;
    timeOfDay: string;
    cadence: string;
    daysOfWeek: number[];
    active: boolean;
  } | null;
  /** The latest failed or missed job's message, and when it was recorded. */
  lastError: { message: string; at: Date } | null;
}

/** The shop's schedule (even without jobs) and, when they exist, the jobs left by deleted schedules. */
export async function scheduleStats(shopId: string): Promise<ScheduleStats[]> {
  const [schedules, groups] = await Promise.all([
    prisma.callSettings.findMany({
      where: { shopId },
      orderBy: { createdAt: "asc" },
    }),
    prisma.callJob.groupBy({
      by: ["callSettingsId", "status"],
      where: { shopId, status: NOT_SUPERSEDED },
      _count: { _all: true },
    }),
  ]);
  const ids: Array<string | null> = schedules.map((schedule) => schedule.id);
  if (groups.some((group) => group.callSettingsId === null)) ids.push(null);
  return Promise.all(
    ids.map(async (callSettingsId) => {
      const counts = emptyCounts();
      for (const group of groups) if (group.callSettingsId === callSettingsId && group.status !== "superseded") counts[group.status] = group._count._all;
      const failure = await prisma.callJob.findFirst({
        where: {
          shopId,
          callSettingsId,
          status: { in: FAILED_STATUSES },
          errorMessage: { not: null },
        },
        orderBy: [{ updatedAt: "desc" }, { id: "desc" }],
        select: { errorMessage: true, updatedAt: true },
      });
      const schedule = schedules.find((candidate) => candidate.id === callSettingsId);
      return {
        callSettingsId,
        schedule: schedule
          ? {
              name: schedule.name,
              phoneE164: schedule.phoneE164,
              timezone: schedule.timezone,
              timeOfDay: schedule.timeOfDay,
              cadence: schedule.cadence,
              daysOfWeek: schedule.daysOfWeek,
              active: schedule.active,
            }
          : null,
        ...statsOf(counts),
        lastError: failure ? { message: failure.errorMessage!, at: failure.updatedAt } : null,
      };
    }),
  );
}

// ---------------------------------------------------------------- series

export interface DayFigures {
  localDate: string;
  inboundCalls: number;
  checkinsCompleted: number;
  checkinsFailed: number;
  checkinsMissed: number;
}

/** The last `days` local days (oldest first): inbound calls, and check-ins by outcome. */
export async function dailySeries(shopId: string, timezone: string, now: Date = new Date(), days = 7): Promise<DayFigures[]> {
  const windows = lastDays(timezone, now, days);
  const range = { gte: windows[0].start, lt: windows[windows.length - 1].end };
  const [calls, jobs] = await Promise.all([
    prisma.callSession.findMany({
      where: { shopId, direction: "inbound", createdAt: range },
      select: { createdAt: true },
    }),
    prisma.callJob.findMany({
      where: {
        shopId,
        scheduledForUtc: range,
        status: { in: ["completed", "failed", "missed"] },
      },
      select: { scheduledForUtc: true, status: true },
    }),
  ]);
  const byDate = new Map<string, DayFigures>(
    windows.map(({ localDate }) => [
      localDate,
      {
        localDate,
        inboundCalls: 0,
        checkinsCompleted: 0,
        checkinsFailed: 0,
        checkinsMissed: 0,
      },
    ]),
  );
  for (const call of calls) {
    const day = byDate.get(localDateOf(call.createdAt, timezone));
    if (day) day.inboundCalls += 1;
  }
  for (const job of jobs) {
    const day = byDate.get(localDateOf(job.scheduledForUtc, timezone));
    if (!day) continue;
    if (job.status === "completed") day.checkinsCompleted += 1;
    else if (job.status === "failed") day.checkinsFailed += 1;
    else day.checkinsMissed += 1;
  }
  return [...byDate.values()];
}

// ---------------------------------------------------------- receptionist

export interface ReceptionistSummary {
  status: ReceptionistStatus;
  phoneNumber: string | null;
  lastErrorMessage: string | null;
  /** The latest inbound call's start (its creation when it has no start yet). */
  lastInboundCallAt: Date | null;
}

export async function receptionistSummary(shop: Pick<Shop, "id" | "receptionistStatus" | "phoneNumber" | "lastErrorMessage">): Promise<ReceptionistSummary> {
  const last = await prisma.callSession.findFirst({
    where: { shopId: shop.id, direction: "inbound" },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    select: { createdAt: true, startedAt: true },
  });
  return {
    status: shop.receptionistStatus,
    phoneNumber: shop.phoneNumber,
    lastErrorMessage: shop.receptionistStatus === "failed" ? shop.lastErrorMessage : null,
    lastInboundCallAt: last ? (last.startedAt ?? last.createdAt) : null,
  };
}

// ------------------------------------------------------------- dashboard

export interface DashboardFigures {
  timezone: string;
  today: DayWindow;
  receptionist: ReceptionistSummary;
  /** Jobs scheduled today (shop's local day), per status. */
  checkinsToday: JobStats;
  inboundCallsToday: CallStats;
  last7Days: DayFigures[];
  schedules: ScheduleStats[];
}

export async function dashboardFigures(
  shop: Pick<Shop, "id" | "timezone" | "receptionistStatus" | "phoneNumber" | "lastErrorMessage">,
  now: Date = new Date(),
): Promise<DashboardFigures> {
  const today = dayWindow(shop.timezone, now);
  const [receptionist, checkinsToday, inboundCallsToday, last7Days, schedules] = await Promise.all([
    receptionistSummary(shop),
    jobStats(shop.id, { scheduledFor: { gte: today.start, lt: today.end } }),
    inboundCallStats(shop.id, shop.timezone, today.localDate),
    dailySeries(shop.id, shop.timezone, now, 7),
    scheduleStats(shop.id),
  ]);
  return {
    timezone: shop.timezone,
    today,
    receptionist,
    checkinsToday,
    inboundCallsToday,
    last7Days,
    schedules,
  };
}
