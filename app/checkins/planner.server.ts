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
import { bossDb, withHotPathTransaction } from "../db-pool.server";
import { env } from "../env.server";
import { jobQueue, QUEUES, type DispatchPayload } from "../jobs/queue.server";
import { logger } from "../observability/logger.server";
import { nextOccurrences, occurrencesBetween, validateCallRule, type CallRule } from "./schedule";

/** How far ahead jobs exist; longer than a day so every zone's "tomorrow" is planned. */
export const PLAN_HORIZON_MS = 36 * 60 * 60 * 1000;
const BATCH_SIZE = 500;
const PLANNER_CONCURRENCY = 2;

export function callRule(settings: Pick<CallSettings, "timezone" | "timeOfDay" | "cadence" | "daysOfWeek">): CallRule {
  return { timezone: settings.timezone, timeOfDay: settings.timeOfDay, cadence: settings.cadence, daysOfWeek: settings.daysOfWeek };
}

/** Why a stored schedule cannot be planned (a rule no validation lets in today, saved by an older version), or null. */
export function whyUnplannable(settings: Pick<CallSettings, "timezone" | "timeOfDay" | "cadence" | "daysOfWeek">): string | null {
  try {
    validateCallRule(callRule(settings));
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

export interface PlanResult {
  schedules: number;
  jobs: number;
}

/** Plans every active schedule that has an occurrence before now + horizon. */
export async function planDueSchedules(now = new Date()): Promise<PlanResult> {
  const horizonEnd = new Date(now.getTime() + PLAN_HORIZON_MS);
  const result: PlanResult = { schedules: 0, jobs: 0 };
  const planFor = planMemo(now, horizonEnd);
  // Batches run side by side (the database does most of the work, and has
  // more than one core); each takes its own schedules (SKIP LOCKED). A loop
  // ends when it finds nothing due that another one is not planning.
  const loop = async () => {
    for (;;) {
      const planned = await planBatch(horizonEnd, planFor);
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

/** What planning reads of a schedule. */
type PlannedFields = Pick<CallSettings, "timezone" | "timeOfDay" | "cadence" | "daysOfWeek" | "nextPlanAt">;

/** What planning one schedule writes: its jobs' occurrences, and its next nextPlanAt (null: none). */
interface Plan {
  occurrences: ReturnType<typeof occurrencesBetween>;
  next: Date | null;
}

/** The plan from nextPlanAt (never earlier than the grace period allows) up to the horizon. */
function planOf(settings: PlannedFields, now: Date, horizonEnd: Date): Plan {
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

/** What a batch reads of each due schedule. */
type DueSchedule = PlannedFields & Pick<CallSettings, "id" | "shopId">;

/**
 * planSchedule for a batch of due schedules, in one transaction: it reads
 * and locks up to BATCH_SIZE of them (the earliest first, skipping those
 * another batch or planner holds; a schedule change waits the batch's few
 * milliseconds), then moves each schedule's nextPlanAt and writes their jobs
 * in one statement (the partial unique index turns an already planned date
 * into a no-op), and their dispatches in one pg-boss insert. A failure
 * leaves none of it. It runs on the hot-path pool, not Prisma: at 100,000
 * schedules Prisma's per-query and per-row CPU was a third of the tick.
 */
async function planBatch(horizonEnd: Date, planFor: PlanMemo): Promise<PlanResult> {
  const boss = await jobQueue();
  return withHotPathTransaction(async (client) => {
    // Everything here is recomputed from the schedules by the next tick if
    // this commit is lost in a crash (all of it or none: it is one
    // transaction), so the commit need not wait for the disk. A batch takes
    // milliseconds; a stalled one gives its schedules' locks back after a
    // minute (a merchant's save of one of them waits meanwhile).
    await client.query("SET LOCAL synchronous_commit = off; SET LOCAL statement_timeout = '60s'; SET LOCAL idle_in_transaction_session_timeout = '60s'");
    // Each planned schedule's nextPlanAt moves to or past the horizon's end,
    // so the loops end. The horizon is half-open (occurrencesBetween): a call
    // at exactly horizonEnd is not planned now, so it must not be read either
    // (with <=, a full batch of them was re-read forever). The columns hold
    // UTC without a zone: read and written AT TIME ZONE 'UTC'. ORDER BY names
    // the indexed column (s."nextPlanAt"), not the output of the same name:
    // sorting by that expression sorted every due row, 40 ms a batch at 100k.
    const { rows: due } = await client.query<DueSchedule>({
      name: "planner-due-schedules",
      text: `SELECT id, "shopId", timezone, "timeOfDay", cadence, "daysOfWeek", s."nextPlanAt" AT TIME ZONE 'UTC' AS "nextPlanAt"
        FROM "CallSettings" AS s
        WHERE s.active AND s."nextPlanAt" < $1::timestamptz AT TIME ZONE 'UTC'
        ORDER BY s."nextPlanAt"
        LIMIT $2
        FOR NO KEY UPDATE SKIP LOCKED`,
      values: [horizonEnd.toISOString(), BATCH_SIZE],
    });
    if (due.length === 0) return { schedules: 0, jobs: 0 };

    const moves = { ids: [] as string[], nexts: [] as Array<string | null> };
    const jobs = { ids: [] as string[], shops: [] as string[], schedules: [] as string[], dates: [] as string[], ats: [] as string[] };
    for (const settings of due) {
      const { occurrences, next } = planFor(settings);
      moves.ids.push(settings.id);
      moves.nexts.push(iso(next));
      for (const { localDate, at } of occurrences) {
        jobs.ids.push(randomUUID());
        jobs.shops.push(settings.shopId);
        jobs.schedules.push(settings.id);
        jobs.dates.push(localDate);
        jobs.ats.push(at.toISOString());
      }
    }
    // The rows stay locked until the commit, so none changed since it was
    // read: planSchedule's version check (nextPlanAt, updatedAt) would always
    // pass here. updatedAt moves as Prisma's @updatedAt would.
    const { rows: created } = await client.query<{ id: string }>({
      name: "planner-write-batch",
      text: `WITH moved AS (
          UPDATE "CallSettings" AS s
          SET "nextPlanAt" = m.next AT TIME ZONE 'UTC', "updatedAt" = now() AT TIME ZONE 'UTC'
          FROM unnest($1::text[], $2::timestamptz[]) AS m(id, next)
          WHERE s.id = m.id
        )
        INSERT INTO "CallJob" (id, "shopId", "callSettingsId", "localDate", "scheduledForUtc", "updatedAt")
        SELECT j.id, j.shop, j.schedule, j.local_date, j.at AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC'
        FROM unnest($3::text[], $4::text[], $5::text[], $6::text[], $7::timestamptz[]) AS j(id, shop, schedule, local_date, at)
        ON CONFLICT DO NOTHING
        RETURNING id`,
      values: [moves.ids, moves.nexts, jobs.ids, jobs.shops, jobs.schedules, jobs.dates, jobs.ats],
    });
    if (created.length > 0) {
      const startAfter = new Map(jobs.ids.map((id, index) => [id, jobs.ats[index]]));
      await boss.insert(
        QUEUES.dispatch,
        created.map(({ id }) => ({ data: { callJobId: id } satisfies DispatchPayload, startAfter: startAfter.get(id) })),
        { db: bossDb(client) },
      );
    }
    return { schedules: due.length, jobs: created.length };
  });
}

/** A tick's plans (one now and horizon), shared by the schedules of the same rule: one luxon computation per rule, not per schedule. */
type PlanMemo = (settings: DueSchedule) => Plan;
// Bounds the memory of a tick over many distinct rules (about 200 bytes a plan).
const MAX_MEMO_PLANS = 10_000;

/**
 * A memo giving each schedule its plan, or, for a schedule that cannot be
 * planned (a rule no validation lets through today, stored by an older
 * version), none: its nextPlanAt is cleared so the batch's other schedules
 * are planned and no tick reads it again until it is saved again (which
 * replans it). The error is reported.
 */
function planMemo(now: Date, horizonEnd: Date): PlanMemo {
  const plans = new Map<string, Plan>();
  return (settings) => {
    const key = planKey(settings);
    const known = plans.get(key);
    if (known) return known;
    try {
      const plan = planOf(settings, now, horizonEnd);
      if (plans.size >= MAX_MEMO_PLANS) plans.clear();
      plans.set(key, plan);
      return plan;
    } catch (error) {
      logger.error("A check-in schedule cannot be planned: it is left out until it is saved again", {
        shopId: settings.shopId,
        scheduleId: settings.id,
        error,
      });
      return { occurrences: [], next: null };
    }
  };
}

/** What planOf reads of a schedule: two schedules with the same key get the same plan. */
function planKey(settings: PlannedFields): string {
  return [settings.timezone, settings.timeOfDay, settings.cadence, settings.daysOfWeek.join(","), iso(settings.nextPlanAt)].join("|");
}
