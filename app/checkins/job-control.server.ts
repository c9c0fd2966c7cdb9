// The one place that moves check-in jobs between states: planning after a
// schedule change, canceling, claiming for dispatch, and the transitions
// Vapi's webhooks drive. Every move is a conditional update from the states
// it may come from, so duplicates, races and late deliveries do nothing.
// (This is the real module, not a stub.)
import { Prisma, type CallJobStatus, type CallSettings } from "@prisma/client";
import { fromPrisma } from "pg-boss";
import prisma from "../db.server";
import { env } from "../env.server";
import { jobQueue, QUEUES, type DispatchPayload } from "../jobs/queue.server";
import { logger } from "../observability/logger.server";
import { vapiClient } from "../vapi/client.server";
import { AppError } from "../vapi/errors";
import { classifyVapiError, withVapiRetry } from "../vapi/retry";
import type { Disposition } from "../calls/disposition";
import { callRule, planSchedule } from "./planner.server";
import { occurrenceOn } from "./schedule";

/** Jobs not answered yet: queued (waiting for its time) or scheduled (claimed by a dispatcher, or placed). */
export const PENDING: CallJobStatus[] = ["queued", "scheduled"];

type Tx = Prisma.TransactionClient;

/**
 * After a schedule was created, changed, activated or deactivated (with
 * `data`, the change itself, written in the same transaction): every
 * decision already made stays (see the rule table in notes/issue-10.md).
 * Only queued jobs that were never tried follow the new rule: the same
 * instant stays untouched, a new instant moves the job (a new dispatch; the
 * old one finds it not due), a passed instant or a day the rule no longer
 * calls supersedes it. Canceled, placed and finished jobs keep their date,
 * so the planner, which then plans the horizon from now, never plans those
 * dates again (the partial unique index).
 */
export async function onScheduleChanged(settingsId: string, now = new Date(), data: Prisma.CallSettingsUpdateInput = {}): Promise<CallSettings> {
  const boss = await jobQueue();
  const settings = await prisma.$transaction(async (tx) => {
    // Locks the schedule row, and a planner tick that read the version
    // before it fails its check on updatedAt.
    const updated = await tx.callSettings.update({ where: { id: settingsId }, data: { ...data, nextPlanAt: now } });
    if (!updated.active) {
      await stopQueuedJobs(tx, { callSettingsId: settingsId }, "Calls paused");
      return updated;
    }
    const rule = callRule(updated);
    const untried = await tx.callJob.findMany({ where: { callSettingsId: settingsId, status: "queued", attempts: 0 } });
    for (const job of untried) {
      const at = occurrenceOn(rule, job.localDate);
      if (at?.getTime() === job.scheduledForUtc.getTime()) continue;
      if (at && at > now) {
        const { count } = await tx.callJob.updateMany({ where: { id: job.id, status: "queued" }, data: { scheduledForUtc: at } });
        const payload: DispatchPayload = { callJobId: job.id };
        if (count === 1) await boss.send(QUEUES.dispatch, payload, { startAfter: at, db: fromPrisma(tx) });
        continue;
      }
      await tx.callJob.updateMany({
        where: { id: job.id, status: "queued" },
        data: { status: "superseded", errorMessage: at ? "Moved to a time that had already passed" : "The schedule no longer calls on this day" },
      });
    }
    return updated;
  });
  if (settings.active) await planSchedule(settings, now);
  return settings;
}

/**
 * Stops what has not happened yet: untried jobs (queued, or claimed without
 * a call) are superseded - they were never calls, and their dates stay free
 * for a later plan; a queued retry of a call that was not reached is failed
 * (that call happened). A placed call is left to Vapi and its webhooks.
 */
async function stopQueuedJobs(tx: Tx, where: Prisma.CallJobWhereInput, reason: string): Promise<number> {
  const superseded = await tx.callJob.updateMany({
    where: { ...where, OR: [{ status: "queued", attempts: 0 }, { status: "scheduled", vapiCallId: null }] },
    data: { status: "superseded", errorMessage: reason },
  });
  const retries = await tx.callJob.updateMany({
    where: { ...where, status: "queued", attempts: { gt: 0 } },
    data: { status: "failed", errorMessage: `Not tried again: ${reason.toLowerCase()}` },
  });
  return superseded.count + retries.count;
}

/** Stops a schedule's pending jobs (before it is deleted). */
export function cancelScheduleJobs(settingsId: string, reason: string): Promise<number> {
  return prisma.$transaction((tx) => stopQueuedJobs(tx, { callSettingsId: settingsId }, reason));
}

/** Stops every pending job of a shop (when the app is uninstalled). */
export function cancelShopJobs(shopId: string, reason: string): Promise<number> {
  return prisma.$transaction((tx) => stopQueuedJobs(tx, { shopId }, reason));
}

export type CancelOutcome = "canceled" | "not-pending" | "already-started";

/** The merchant's cancel: the date stays canceled. A placed call is withdrawn only while Vapi has not started it. */
export async function cancelJob(shopId: string, jobId: string, reason = "Canceled by you"): Promise<CancelOutcome> {
  const job = await prisma.callJob.findFirst({ where: { id: jobId, shopId, status: { in: PENDING } } });
  if (!job) return "not-pending";
  if (job.vapiCallId && !(await withdrawVapiCall(job.vapiCallId, shopId))) return "already-started";
  const { count } = await prisma.callJob.updateMany({
    where: { id: job.id, status: { in: PENDING }, vapiCallId: job.vapiCallId },
    data: { status: "canceled", errorMessage: reason },
  });
  return count === 1 ? "canceled" : "not-pending";
}

/** Vapi statuses of a call that has not begun ringing: only such a call may be withdrawn. */
const WITHDRAWABLE: ReadonlySet<string> = new Set(["scheduled", "queued"]);

/**
 * Withdraws a placed call at Vapi, only if it has not started: DELETE /call
 * would erase a call that rang or ended. True if it is gone (or never existed).
 */
export async function withdrawVapiCall(vapiCallId: string, shopId: string): Promise<boolean> {
  try {
    const call = await withVapiRetry({ operation: "get call", shopId }, () => vapiClient().calls.get({ id: vapiCallId }));
    if (!WITHDRAWABLE.has(call.status ?? "")) return false;
    await withVapiRetry({ operation: "delete call", shopId }, () => vapiClient().calls.delete({ id: vapiCallId }));
    return true;
  } catch (error) {
    if (classifyVapiError(error instanceof AppError ? error.cause : error).status === 404) return true;
    logger.warn("Could not withdraw a call at Vapi; it may still ring", { vapiCallId, error });
    return false;
  }
}

/** queued -> scheduled, once: the dispatcher's claim. Null if someone else has it. */
export async function claimJob(jobId: string) {
  const { count } = await prisma.callJob.updateMany({
    where: { id: jobId, status: "queued" },
    data: { status: "scheduled", attempts: { increment: 1 } },
  });
  return count === 1 ? prisma.callJob.findUniqueOrThrow({ where: { id: jobId } }) : null;
}

/** The call was placed: remember Vapi's id so webhooks find the job. */
export function markPlaced(jobId: string, vapiCallId: string) {
  return prisma.callJob.updateMany({ where: { id: jobId, status: "scheduled" }, data: { vapiCallId } });
}

export function markFailed(jobId: string, from: CallJobStatus[], errorMessage: string) {
  return prisma.callJob.updateMany({ where: { id: jobId, status: { in: from } }, data: { status: "failed", errorMessage } });
}

/** A job whose time (plus grace) passed before it could be placed: never called late. */
export function markMissed(jobId: string, errorMessage: string) {
  return prisma.callJob.updateMany({ where: { id: jobId, status: "queued" }, data: { status: "missed", errorMessage } });
}

/** Canceled while it was being placed, but the call already rings: it is a real call after all. */
export function restoreUnwithdrawnJob(jobId: string, vapiCallId: string) {
  return prisma.callJob.updateMany({
    where: { id: jobId, status: { in: ["canceled", "superseded"] }, vapiCallId: null },
    data: { status: "scheduled", vapiCallId, errorMessage: "Canceled too late: the call had already started" },
  });
}

/** How long a claimed job may stay without a call id before its dispatch is taken for dead. */
export const PLACING_TIMEOUT_MS = 10 * 60 * 1000;

/**
 * Jobs nothing will move any more (never silently not called): queued past
 * their grace period (their dispatch was lost) become missed; claimed jobs
 * that never got a call id (the worker died while placing) become failed.
 * Run by every planner tick.
 */
export async function sweepStaleJobs(now = new Date()): Promise<{ missed: number; failed: number }> {
  const graceMinutes = env.CHECKIN_GRACE_MINUTES;
  const missed = await prisma.callJob.updateMany({
    where: { status: "queued", scheduledForUtc: { lt: new Date(now.getTime() - graceMinutes * 60 * 1000) } },
    data: { status: "missed", errorMessage: `Not placed within ${graceMinutes} minutes of its time` },
  });
  const failed = await prisma.callJob.updateMany({
    where: { status: "scheduled", vapiCallId: null, updatedAt: { lt: new Date(now.getTime() - PLACING_TIMEOUT_MS) } },
    data: { status: "failed", errorMessage: "Placing the call did not finish (the worker stopped); it was not retried" },
  });
  if (missed.count || failed.count) logger.warn("Stale check-in jobs closed", { missed: missed.count, failed: failed.count });
  return { missed: missed.count, failed: failed.count };
}

const NOT_REACHED: Partial<Record<Disposition, string>> = {
  "no-answer": "No answer",
  busy: "Line busy",
  voicemail: "Reached voicemail",
};

export type OutboundCallEvent = { kind: "started" } | { kind: "ended"; disposition: Disposition; endedReason: string | null };

/**
 * The job of a call: by Vapi's call id, or, when a webhook beats the
 * dispatcher's save of that id, by the job id the call's metadata carries
 * (the id is saved then).
 */
async function findCallJob(tx: Prisma.TransactionClient, shopId: string, vapiCallId: string, callJobId: string | null) {
  const byCall = await tx.callJob.findFirst({ where: { vapiCallId, shopId } });
  if (byCall || !callJobId) return byCall;
  const { count } = await tx.callJob.updateMany({ where: { id: callJobId, shopId, status: "scheduled", vapiCallId: null }, data: { vapiCallId } });
  return count === 1 ? tx.callJob.findUnique({ where: { id: callJobId } }) : null;
}

/**
 * Moves the check-in job of an outbound call as Vapi reports it (inside the
 * call record's transaction): in-progress -> started; ended -> completed,
 * failed, or, for no answer/busy/voicemail with retries left, queued again
 * a few minutes later.
 */
export async function applyOutboundCallEvent(
  tx: Prisma.TransactionClient,
  shopId: string,
  vapiCallId: string,
  event: OutboundCallEvent,
  callJobId: string | null = null,
  now = new Date(),
): Promise<string | null> {
  const job = await findCallJob(tx, shopId, vapiCallId, callJobId);
  if (!job) return null;
  if (event.kind === "started") {
    await tx.callJob.updateMany({ where: { id: job.id, status: "scheduled" }, data: { status: "started" } });
    return job.id;
  }
  const live: CallJobStatus[] = ["scheduled", "started"];
  const notReached = NOT_REACHED[event.disposition];
  if (event.disposition === "completed" || event.disposition === "transferred") {
    await tx.callJob.updateMany({ where: { id: job.id, status: { in: live } }, data: { status: "completed", errorMessage: null } });
  } else if (event.disposition === "canceled") {
    await tx.callJob.updateMany({ where: { id: job.id, status: { in: live } }, data: { status: "canceled" } });
  } else if (notReached && job.attempts <= env.CHECKIN_NO_ANSWER_RETRIES) {
    const retryAt = new Date(now.getTime() + env.CHECKIN_RETRY_DELAY_MINUTES * 60 * 1000);
    const { count } = await tx.callJob.updateMany({
      where: { id: job.id, status: { in: live } },
      data: { status: "queued", vapiCallId: null, scheduledForUtc: retryAt, errorMessage: `${notReached}; trying again at ${retryAt.toISOString()}` },
    });
    if (count === 1) {
      const payload: DispatchPayload = { callJobId: job.id };
      await (await jobQueue()).send(QUEUES.dispatch, payload, { startAfter: retryAt, db: fromPrisma(tx) });
    }
  } else {
    const reason = notReached ?? `Call failed (${event.endedReason ?? "unknown reason"})`;
    const attempts = job.attempts > 1 ? ` after ${job.attempts} attempts` : "";
    await tx.callJob.updateMany({ where: { id: job.id, status: { in: live } }, data: { status: "failed", errorMessage: `${reason}${attempts}` } });
  }
  return job.id;
}
