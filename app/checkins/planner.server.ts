// The planner: turns active schedules into call jobs for the coming horizon.
// It runs on a UTC cron tick (every 5 minutes) and after any schedule change,
// works only from database state (a missed or repeated tick does no harm),
// and reads only the schedules with something due: those whose nextPlanAt
// (the first occurrence not planned yet, indexed) falls inside the horizon.
import type { CallSettings } from "@prisma/client";
import { fromPrisma } from "pg-boss";
import prisma from "../db.server";
import { env } from "../env.server";
import { jobQueue, QUEUES, type DispatchPayload } from "../jobs/queue.server";
import { nextOccurrences, occurrencesBetween, type CallRule } from "./schedule";

/** How far ahead jobs exist; longer than a day so every zone's "tomorrow" is planned. */
export const PLAN_HORIZON_MS = 36 * 60 * 60 * 1000;
const BATCH_SIZE = 500;

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
  for (;;) {
    // Each planned schedule's nextPlanAt moves to or past the horizon's end,
    // so this ends. The horizon is half-open (occurrencesBetween): a call at
    // exactly horizonEnd is not planned now, so it must not be read either
    // (with `lte`, a full batch of them was re-read forever).
    const due = await prisma.callSettings.findMany({
      where: { active: true, nextPlanAt: { lt: horizonEnd } },
      orderBy: { nextPlanAt: "asc" },
      take: BATCH_SIZE,
    });
    for (const settings of due) result.jobs += await planSchedule(settings, now, horizonEnd);
    result.schedules += due.length;
    if (due.length < BATCH_SIZE) return result;
  }
}

/**
 * Plans one schedule's occurrences from its nextPlanAt (never earlier than
 * the grace period allows) up to the horizon: each job row and its dispatch
 * are written in one transaction, so neither exists without the other.
 */
export async function planSchedule(settings: CallSettings, now = new Date(), horizonEnd = new Date(now.getTime() + PLAN_HORIZON_MS)): Promise<number> {
  const rule = callRule(settings);
  const graceStart = new Date(now.getTime() - env.CHECKIN_GRACE_MINUTES * 60 * 1000);
  const from = settings.nextPlanAt && settings.nextPlanAt > graceStart ? settings.nextPlanAt : graceStart;
  const occurrences = occurrencesBetween(rule, from, horizonEnd);
  const [next] = nextOccurrences(rule, new Date(horizonEnd.getTime() - 1), 1);
  const boss = await jobQueue();

  return prisma.$transaction(async (tx) => {
    // Another planner may have planned this schedule meanwhile: only the one
    // that moves nextPlanAt from the value it read goes on. The row must
    // also be the version it read (updatedAt): a rule changed since then
    // would otherwise be planned at the old time, in the window after
    // onScheduleChanged canceled the pending jobs and before it replans.
    const { count } = await tx.callSettings.updateMany({
      where: { id: settings.id, active: true, nextPlanAt: settings.nextPlanAt, updatedAt: settings.updatedAt },
      data: { nextPlanAt: next ?? null },
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
