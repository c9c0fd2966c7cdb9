// The one place that moves check-in jobs between states: planning after a
// schedule change, canceling, claiming for dispatch, and the transitions
// Vapi's webhooks drive. Every move is a conditional update from the states
// it may come from, so duplicates, races and late deliveries do nothing.
// (This is the real module, not a stub.)
import { Prisma, type CallJobStatus } from "@prisma/client";
import { fromPrisma } from "pg-boss";
import prisma from "../db.server";
import { env } from "../env.server";
import { jobQueue, QUEUES, type DispatchPayload } from "../jobs/queue.server";
import { logger } from "../observability/logger.server";
import { vapiClient } from "../vapi/client.server";
import { withVapiRetry } from "../vapi/retry";
import type { Disposition } from "../calls/disposition";
import { planSchedule } from "./planner.server";

/** Jobs that have not been answered yet and can still be canceled. */
export const PENDING: CallJobStatus[] = ["queued", "scheduled"];

/**
 * After a schedule was created, changed, activated or deactivated: cancels
 * its pending jobs (and their calls at Vapi), then, if it is active, plans
 * the coming horizon again from now.
 */
export async function onScheduleChanged(settingsId: string, now = new Date()): Promise<void> {
  await cancelScheduleJobs(settingsId, "The schedule changed");
  const settings = await prisma.callSettings.update({ where: { id: settingsId }, data: { nextPlanAt: now } });
  if (settings.active) await planSchedule(settings, now);
}

/** Cancels a schedule's pending jobs (before it is changed or deleted). */
export function cancelScheduleJobs(settingsId: string, reason: string): Promise<number> {
  return cancelPendingJobs({ callSettingsId: settingsId }, reason);
}

/** Cancels every pending job of a shop (when the app is uninstalled). */
export function cancelShopJobs(shopId: string, reason: string): Promise<number> {
  return cancelPendingJobs({ shopId }, reason);
}

async function cancelPendingJobs(where: Prisma.CallJobWhereInput, reason: string): Promise<number> {
  const pending = await prisma.callJob.findMany({ where: { ...where, status: { in: PENDING } }, select: { id: true, shopId: true } });
  let canceled = 0;
  for (const job of pending) if (await cancelJob(job.shopId, job.id, reason)) canceled++;
  return canceled;
}

/** Cancels one pending job of this shop; false if it is not pending or not this shop's. */
export async function cancelJob(shopId: string, jobId: string, reason = "Canceled by the merchant"): Promise<boolean> {
  const job = await prisma.callJob.findFirst({ where: { id: jobId, shopId, status: { in: PENDING } } });
  if (!job) return false;
  const { count } = await prisma.callJob.updateMany({
    where: { id: job.id, status: { in: PENDING } },
    data: { status: "canceled", errorMessage: reason },
  });
  if (count === 1 && job.vapiCallId) await deleteVapiCall(job.vapiCallId, shopId);
  return count === 1;
}

/** A placed call that has not been answered yet is withdrawn at Vapi (best effort). */
export async function deleteVapiCall(vapiCallId: string, shopId: string) {
  try {
    await withVapiRetry({ operation: "delete call", shopId }, () => vapiClient().calls.delete({ id: vapiCallId }));
  } catch (error) {
    logger.warn("Could not withdraw a canceled call at Vapi; it may still ring", { vapiCallId, error });
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
