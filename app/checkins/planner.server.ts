// The planner: turns active schedules into call jobs for the coming horizon.
// It runs on a UTC cron tick (every 5 minutes) and after any schedule change,
// works only from database state (a missed or repeated tick does no harm),
// and reads only the schedules with something due: those whose nextPlanAt
// (the first occurrence not planned yet, indexed) falls inside the horizon.
//
// A tick plans each batch of due schedules in one transaction of a few
// statements whatever the batch's size (planBatch): reading and locking the
// batch, the schedules' moves and their jobs (one statement), and the jobs'
// dispatches (one pg-boss insert); two batches at a time. A schedule change
// plans its one schedule (planSchedule).
import { randomUUID } from "node:crypto";
import type { CallSettings } from "@prisma/client";
import { fromPrisma } from "pg-boss";
import prisma from "../db.server";
import { env } from "../env.server";
import { jobQueue, QUEUES, type DispatchPayload } from "../jobs/queue.server";
import { logger } from "../observability/logger.server";
import { nextOccurrences, occurrencesBetween, type CallRule } from "./schedule";

/** How far ahead jobs exist; longer than a day so every zone's "tomorrow" is planned. */
export const PLAN_HORIZON_MS = 36 * 60 * 60 * 1000;
const BATCH_SIZE = 500;
const PLANNER_CONCURRENCY = 2;
// A batch takes well under a second; Prisma's default of 5 s could be reached on a loaded machine.
const BATCH_TRANSACTION = { timeout: 60_000 };

export function callRule(settings: Pick<CallSettings, "timezone" | "timeOfDay" | "cadence" | "daysOfWeek">): CallRule {
  return { timezone: settings.timezone, timeOfDay: settings.timeOfDay, cadence: settings.cadence, daysOfWeek: settings.daysOfWeek };
}

export interface PlanResult {
  schedules: number;
  jobs: number;
}

/** Plans every active schedule that has an occurrence before now + horizon. */
export async function planDueSchedules(now = new Date()): Promise<PlanResult> {
  const horizonEnd = new Date(now.getTime() + PLAN_HORIZON_MS);
  const result: PlanResult = { schedules: 0, jobs: 0 };
  // Batches run side by side (the database does most of the work, and has
  // more than one core); each takes its own schedules (SKIP LOCKED). A loop
  // ends when it finds nothing due that another one is not planning.
  const loop = async () => {
    for (;;) {
      const planned = await planBatch(now, horizonEnd);
      if (planned.schedules === 0) return;
      result.schedules += planned.schedules;
      result.jobs += planned.jobs;
    }
  };
  // Both loops are waited for, even when one fails: no write goes on after the tick has answered.
  const ended = await Promise.allSettled(Array.from({ length: PLANNER_CONCURRENCY }, loop));
  const failed = ended.find((outcome): outcome is PromiseRejectedResult => outcome.status === "rejected");
  if (failed) throw failed.reason;
  return result;
}

/** What planning one schedule writes: its jobs' occurrences, and its next nextPlanAt (null: none). */
interface Plan {
  occurrences: ReturnType<typeof occurrencesBetween>;
  next: Date | null;
}

/** The plan from nextPlanAt (never earlier than the grace period allows) up to the horizon. */
function planOf(settings: CallSettings, now: Date, horizonEnd: Date): Plan {
  const rule = callRule(settings);
  const graceStart = new Date(now.getTime() - env.CHECKIN_GRACE_MINUTES * 60 * 1000);
  const from = settings.nextPlanAt && settings.nextPlanAt > graceStart ? settings.nextPlanAt : graceStart;
  const occurrences = occurrencesBetween(rule, from, horizonEnd);
  const [next] = nextOccurrences(rule, new Date(horizonEnd.getTime() - 1), 1);
  return { occurrences, next: next ?? null };
}

/**
 * Plans one schedule's occurrences up to the horizon: each job row and its
 * dispatch are written in one transaction, so neither exists without the other.
 */
export async function planSchedule(settings: CallSettings, now = new Date(), horizonEnd = new Date(now.getTime() + PLAN_HORIZON_MS)): Promise<number> {
  const { occurrences, next } = planOf(settings, now, horizonEnd);
  const boss = await jobQueue();

  return prisma.$transaction(async (tx) => {
    // Another planner may have planned this schedule meanwhile: only the one
    // that moves nextPlanAt from the value it read goes on. The row must
    // also be the version it read (updatedAt): a rule changed since then
    // would otherwise be planned at the old time, in the window after
    // onScheduleChanged canceled the pending jobs and before it replans.
    const { count } = await tx.callSettings.updateMany({
      where: { id: settings.id, active: true, nextPlanAt: settings.nextPlanAt, updatedAt: settings.updatedAt },
      data: { nextPlanAt: next },
    });
    if (count === 0) return 0;
    // The partial unique index (one live job per schedule and local date)
    // turns an already planned date into a no-op.
    const created = await tx.callJob.createManyAndReturn({
      data: occurrences.map(({ localDate, at }) => ({ shopId: settings.shopId, callSettingsId: settings.id, localDate, scheduledForUtc: at })),
      skipDuplicates: true,
      select: { id: true, scheduledForUtc: true },
    });
    for (const job of created) {
      const payload: DispatchPayload = { callJobId: job.id };
      await boss.send(QUEUES.dispatch, payload, { startAfter: job.scheduledForUtc, db: fromPrisma(tx) });
    }
    return created.length;
  });
}

const iso = (value: Date | null) => (value ? value.toISOString() : null);

/**
 * planSchedule for a batch of due schedules, in one transaction: it reads
 * and locks up to BATCH_SIZE of them (the earliest first, skipping those
 * another batch or planner holds; a schedule change waits the batch's few
 * milliseconds), then moves each schedule's nextPlanAt (with planSchedule's
 * version check, which the lock makes a formality), writes their jobs in
 * one multi-row insert (the partial unique index turns an already planned
 * date into a no-op), and their dispatches in one pg-boss insert. A failure
 * leaves none of it.
 */
async function planBatch(now: Date, horizonEnd: Date): Promise<PlanResult> {
  const boss = await jobQueue();
  return prisma.$transaction(async (tx) => {
    // Everything here is recomputed from the schedules by the next tick if
    // this commit is lost in a crash (all of it or none: it is one
    // transaction), so the commit need not wait for the disk.
    await tx.$executeRaw`SET LOCAL synchronous_commit = off`;
    // Each planned schedule's nextPlanAt moves to or past the horizon's end,
    // so the loops end. The horizon is half-open (occurrencesBetween): a call
    // at exactly horizonEnd is not planned now, so it must not be read either
    // (with <=, a full batch of them was re-read forever).
    const due = await tx.$queryRaw<CallSettings[]>`
      SELECT * FROM "CallSettings"
      WHERE active AND "nextPlanAt" < ${horizonEnd.toISOString()}::timestamptz AT TIME ZONE 'UTC'
      ORDER BY "nextPlanAt"
      LIMIT ${BATCH_SIZE}
      FOR NO KEY UPDATE SKIP LOCKED`;
    if (due.length === 0) return { schedules: 0, jobs: 0 };

    const moves = { ids: [] as string[], expected: [] as Array<string | null>, versions: [] as string[], nexts: [] as Array<string | null> };
    const jobs = { ids: [] as string[], shops: [] as string[], schedules: [] as string[], dates: [] as string[], ats: [] as string[] };
    const plans = new Map<string, Plan>(); // many schedules share a rule (09:00 in New York, daily)
    for (const settings of due) {
      const plan = plannedOrParked(settings, plans, now, horizonEnd);
      const { occurrences, next } = plan;
      moves.ids.push(settings.id);
      moves.expected.push(iso(settings.nextPlanAt));
      moves.versions.push(settings.updatedAt.toISOString());
      moves.nexts.push(iso(next));
      for (const { localDate, at } of occurrences) {
        jobs.ids.push(randomUUID());
        jobs.shops.push(settings.shopId);
        jobs.schedules.push(settings.id);
        jobs.dates.push(localDate);
        jobs.ats.push(at.toISOString());
      }
    }
    // Prisma's @updatedAt, as updateMany would set it; the columns hold UTC without a zone.
    const created = await tx.$queryRaw<Array<{ id: string; scheduledForUtc: Date }>>`
      WITH won AS (
        UPDATE "CallSettings" AS s
        SET "nextPlanAt" = m.next AT TIME ZONE 'UTC', "updatedAt" = now() AT TIME ZONE 'UTC'
        FROM unnest(${moves.ids}::text[], ${moves.expected}::timestamptz[], ${moves.versions}::timestamptz[], ${moves.nexts}::timestamptz[])
          AS m(id, expected, version, next)
        WHERE s.id = m.id AND s.active
          AND s."nextPlanAt" IS NOT DISTINCT FROM m.expected AT TIME ZONE 'UTC'
          AND s."updatedAt" = m.version AT TIME ZONE 'UTC'
        RETURNING s.id
      )
      INSERT INTO "CallJob" (id, "shopId", "callSettingsId", "localDate", "scheduledForUtc", "updatedAt")
      SELECT j.id, j.shop, j.schedule, j.local_date, j.at AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC'
      FROM unnest(${jobs.ids}::text[], ${jobs.shops}::text[], ${jobs.schedules}::text[], ${jobs.dates}::text[], ${jobs.ats}::timestamptz[])
        AS j(id, shop, schedule, local_date, at)
      JOIN won ON won.id = j.schedule
      ON CONFLICT DO NOTHING
      RETURNING id, "scheduledForUtc"`;
    if (created.length > 0) {
      await boss.insert(
        QUEUES.dispatch,
        created.map((job) => ({ data: { callJobId: job.id } satisfies DispatchPayload, startAfter: job.scheduledForUtc })),
        { db: fromPrisma(tx) },
      );
    }
    return { schedules: due.length, jobs: created.length };
  }, BATCH_TRANSACTION);
}

/**
 * The schedule's plan (shared by the schedules of the same rule), or, for a
 * schedule that cannot be planned (a rule no validation lets through today,
 * stored by an older version), none: its nextPlanAt is cleared so the
 * batch's other schedules are planned and no tick reads it again until it is
 * saved again (which replans it). The error is reported.
 */
function plannedOrParked(settings: CallSettings, plans: Map<string, Plan>, now: Date, horizonEnd: Date): Plan {
  const key = planKey(settings);
  const known = plans.get(key);
  if (known) return known;
  try {
    const plan = planOf(settings, now, horizonEnd);
    plans.set(key, plan);
    return plan;
  } catch (error) {
    logger.error("A check-in schedule cannot be planned: it is left out until it is saved again", { shopId: settings.shopId, scheduleId: settings.id, error });
    return { occurrences: [], next: null };
  }
}

/** What planOf reads of a schedule: two schedules with the same key get the same plan. */
function planKey(settings: CallSettings): string {
  return [settings.timezone, settings.timeOfDay, settings.cadence, settings.daysOfWeek.join(","), iso(settings.nextPlanAt)].join("|");
}
