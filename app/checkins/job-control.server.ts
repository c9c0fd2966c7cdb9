// The one place that moves check-in jobs between states: planning after a
// schedule change, canceling, claiming for dispatch, and the transitions
// Vapi's webhooks drive. Every move is a conditional update from the states
// it may come from, so duplicates, races and late deliveries do nothing.
// (This is the real module, not a stub.)
import { Prisma, type CallJob, type CallJobStatus, type CallSettings } from "@prisma/client";
import type { Vapi } from "@vapi-ai/server-sdk";
import { fromPrisma } from "pg-boss";
import prisma from "../db.server";
import { env } from "../env.server";
import { jobQueue, QUEUES, type DispatchPayload } from "../jobs/queue.server";
import { logger } from "../observability/logger.server";
import { vapiClient } from "../vapi/client.server";
import { AppError } from "../vapi/errors";
import { storableText } from "../vapi/storable";
import { classifyVapiError, withVapiRetry } from "../vapi/retry";
import type { Disposition } from "../calls/disposition";
import { callRule, planSchedule } from "./planner.server";
import { occurrenceOn } from "./schedule";

/** Jobs not answered yet: queued (waiting for its time) or scheduled (claimed by a dispatcher, or placed). */
export const PENDING: CallJobStatus[] = ["queued", "scheduled"];
/** Why an uninstall stopped a job. */
export const UNINSTALLED = "The app was uninstalled";

/** What a merchant's cancel, pause or delete (or an uninstall) leaves a job that had not been called. */
const STOPPED: CallJobStatus[] = ["canceled", "superseded"];

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
    // Locks the schedule row: a planner batch holding it finishes first (this
    // then replans), and planSchedule, which reads without locking, fails its
    // check on updatedAt if it read the version before.
    const updated = await tx.callSettings.update({ where: { id: settingsId }, data: { ...data, nextPlanAt: now } });
    // Calls are on only with consent on record: a change that would leave them on without it (consent withdrawn in
    // another tab while this one turned calls on; the row is locked here, so one of the two comes second) is undone.
    if (updated.active && !updated.consentAt) throw new ConsentMissingError();
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

/** Refused: calls on for a number with no consent on record. */
export class ConsentMissingError extends Error {
  constructor() {
    super("Consent: to turn calls on, confirm the person at this number agreed to receive automated calls, then save.");
    this.name = "ConsentMissingError";
  }
}

/** How a stopped job whose call may have rung reads in its history ("Not tried again: calls paused"). */
export const notTriedAgain = (reason: string) => `Not tried again: ${reason.toLowerCase()}`;

/**
 * Stops what has not happened yet. A queued job is superseded when no call of
 * it can have rung (never tried, or every attempt failed before dialling): it
 * was never a call, and its date stays free for a later plan. A queued retry
 * after a call of it that may have rung is failed, "Not tried again": that
 * call happened, and stays in the history. A claimed job without a call is
 * superseded here and its dispatcher, finding it stopped, tells the two apart
 * the same way (releaseStoppedClaim). A placed call is left to Vapi and its
 * webhooks, and so is a call whose placement is unconfirmed (it may ring):
 * reconciliation finds it or fails it.
 */
async function stopQueuedJobs(tx: Tx, scope: { callSettingsId: string } | { shopId: string }, reason: string): Promise<number> {
  // One statement, each job classified as mayHaveRung does. First, so a job claimed meanwhile is stopped by the next.
  const inScope = "callSettingsId" in scope ? Prisma.sql`job."callSettingsId" = ${scope.callSettingsId}` : Prisma.sql`job."shopId" = ${scope.shopId}`;
  const queued = await tx.$executeRaw`
    WITH stopping AS (
      SELECT job.id,
             job.attempts > (
               SELECT count(*) FROM "CallAttempt" attempt WHERE attempt."callJobId" = job.id AND attempt.outcome IN ('failed', 'absent')
             ) OR EXISTS (SELECT 1 FROM "CallSession" session WHERE session."callJobId" = job.id) AS "mayHaveRung"
      FROM "CallJob" job
      WHERE ${inScope} AND job.status = 'queued'
    )
    UPDATE "CallJob" job
    SET status = (CASE WHEN stopping."mayHaveRung" THEN 'failed' ELSE 'superseded' END)::"CallJobStatus",
        "errorMessage" = CASE WHEN stopping."mayHaveRung" THEN ${notTriedAgain(reason)} ELSE ${reason} END,
        "updatedAt" = now() AT TIME ZONE 'UTC'
    FROM stopping
    WHERE job.id = stopping.id AND job.status = 'queued'`;
  const claimed = await tx.callJob.updateMany({
    where: { ...scope, status: "scheduled", vapiCallId: null, unconfirmedAt: null },
    data: { status: "superseded", errorMessage: reason },
  });
  return queued + claimed.count;
}

/**
 * Before a schedule is deleted: its placed calls that Vapi has not started
 * are withdrawn, then what has not happened yet stops. `mayRing` counts the
 * calls that may still ring: placed ones Vapi did not answer about, and
 * placements still unconfirmed. While there are any, nothing else is stopped
 * (the caller keeps the schedule, paused, and says so).
 */
export async function cancelScheduleJobs(settingsId: string, reason: string): Promise<{ stopped: number; mayRing: number }> {
  const where = { callSettingsId: settingsId };
  const { withdrawn, unreachable } = await withdrawPlacedCalls(where, reason);
  // Unconfirmed placements, whether their job is still pending or was stopped while it was being placed.
  const unconfirmed = await prisma.callJob.count({ where: { ...where, vapiCallId: null, unconfirmedAt: { not: null } } });
  if (unreachable + unconfirmed > 0) return { stopped: withdrawn, mayRing: unreachable + unconfirmed };
  return { stopped: withdrawn + (await prisma.$transaction((tx) => stopQueuedJobs(tx, where, reason))), mayRing: 0 };
}

/**
 * Stops every pending job of a shop (when the app is uninstalled). Throws
 * when a placed call could not be withdrawn because Vapi did not answer, so
 * the shutdown job is retried until it can (an uninstalled shop's call must
 * not ring later).
 */
export async function cancelShopJobs(shopId: string, reason: string): Promise<number> {
  const where = { shopId };
  const { withdrawn, unreachable } = await withdrawPlacedCalls(where, reason);
  const stopped = withdrawn + (await prisma.$transaction((tx) => stopQueuedJobs(tx, where, reason)));
  if (unreachable > 0) throw new AppError("VAPI_UNAVAILABLE", `${unreachable} placed check-in call(s) could not be withdrawn at Vapi yet`);
  return stopped;
}

/**
 * Placed calls that Vapi has not started are withdrawn (superseded, or a retry after a call that may have rung not
 * tried again, as a stopped queued job); one that rings or ended stays a call.
 */
async function withdrawPlacedCalls(where: Prisma.CallJobWhereInput, reason: string): Promise<{ withdrawn: number; unreachable: number }> {
  let withdrawn = 0;
  let unreachable = 0;
  const placed = await prisma.callJob.findMany({ where: { ...where, status: "scheduled", vapiCallId: { not: null } } });
  for (const job of placed) {
    const withdrawal = await withdrawVapiCall(job.vapiCallId!, job.shopId);
    if (withdrawal === "unreachable") unreachable++;
    if (withdrawal !== "withdrawn") continue;
    const settled = await settleStoppedJob(job, { vapiCallId: job.vapiCallId }, {}, { withdrawnCall: job.vapiCallId!, stoppingAs: reason });
    if (settled) withdrawn++;
  }
  return { withdrawn, unreachable };
}

export type CancelOutcome = "canceled" | "not-pending" | "already-started";

/** The merchant's cancel: the date stays canceled. A placed call is withdrawn only while Vapi has not started it. */
export async function cancelJob(shopId: string, jobId: string, reason = "Canceled by you"): Promise<CancelOutcome> {
  const job = await prisma.callJob.findFirst({ where: { id: jobId, shopId, status: { in: PENDING } } });
  if (!job) return "not-pending";
  if (job.vapiCallId && (await withdrawVapiCall(job.vapiCallId, shopId)) !== "withdrawn") return "already-started";
  const { count } = await prisma.callJob.updateMany({
    where: { id: job.id, status: { in: PENDING }, vapiCallId: job.vapiCallId },
    data: { status: "canceled", errorMessage: reason },
  });
  return count === 1 ? "canceled" : "not-pending";
}

export type CallNowOutcome = "queued" | "not-retryable" | "paused";

/**
 * "Call now" for a failed or missed job: queued again for right now with its
 * own dispatch, in one conditional update, so a double click places one call
 * (the second finds the job queued already). Grace counts from now.
 */
export async function callNow(shopId: string, jobId: string, now = new Date()): Promise<CallNowOutcome> {
  const job = await prisma.callJob.findFirst({ where: { id: jobId, shopId }, include: { callSettings: true } });
  if (!job || (job.status !== "failed" && job.status !== "missed")) return "not-retryable";
  if (!job.callSettings?.active) return "paused";
  const boss = await jobQueue();
  return prisma.$transaction(async (tx) => {
    const { count } = await tx.callJob.updateMany({
      where: { id: job.id, status: { in: ["failed", "missed"] } },
      // A new call: a cancel that came too late for an earlier one does not hold back this one's no-answer retry.
      data: {
        status: "queued",
        scheduledForUtc: now,
        nextAttemptAt: null,
        vapiCallId: null,
        unconfirmedAt: null,
        stoppedLateAt: null,
        errorMessage: "Call now: placing it",
      },
    });
    if (count === 0) return "not-retryable";
    const payload: DispatchPayload = { callJobId: job.id };
    await boss.send(QUEUES.dispatch, payload, { db: fromPrisma(tx) });
    return "queued";
  });
}

/** Vapi statuses of a call that has not begun ringing: only such a call may be withdrawn. */
const WITHDRAWABLE: ReadonlySet<string> = new Set(["scheduled", "queued"]);

/**
 * Withdraws a placed call at Vapi, only if it has not started: DELETE /call
 * would erase a call that rang or ended. "withdrawn" if it is gone (or never
 * existed), "started" if it rings or ended, "unreachable" if Vapi could not
 * be asked (the call may still ring; asking later may work), "refused" if
 * Vapi refused to be asked (a revoked key: asking again would not help).
 */
export async function withdrawVapiCall(vapiCallId: string, shopId: string): Promise<"withdrawn" | "started" | "unreachable" | "refused"> {
  try {
    const call = await withVapiRetry({ operation: "get call", shopId }, () => vapiClient().calls.get({ id: vapiCallId }));
    if (!WITHDRAWABLE.has(call.status ?? "")) return "started";
    await withVapiRetry({ operation: "delete call", shopId }, () => vapiClient().calls.delete({ id: vapiCallId }));
    return "withdrawn";
  } catch (error) {
    const failure = classifyVapiError(error instanceof AppError ? error.cause : error);
    if (failure.status === 404) return "withdrawn";
    if (!failure.retryable) {
      logger.error("Vapi refused to withdraw a call; it may still ring", { vapiCallId, shopId, error });
      return "refused";
    }
    logger.warn("Could not withdraw a call at Vapi; it may still ring", { vapiCallId, error });
    return "unreachable";
  }
}

/** How long a dispatcher's claim lasts without renewal: one POST /call's timeout, and a margin. */
export function leaseMs(): number {
  return (env.VAPI_TIMEOUT_SECONDS + 15) * 1000;
}

/**
 * The dispatcher's claim, once: queued -> scheduled with this dispatcher's
 * token and a lease, or the takeover of a claim whose lease ran out (its
 * worker died) and that has no call yet. Null if someone else has it.
 */
export async function claimForDispatch(job: CallJob, token: string, now: Date) {
  const leaseUntil = new Date(now.getTime() + leaseMs());
  const where: Prisma.CallJobWhereInput =
    job.status === "queued"
      ? { id: job.id, status: "queued", updatedAt: job.updatedAt }
      : { id: job.id, status: "scheduled", vapiCallId: null, unconfirmedAt: null, claimToken: job.claimToken, leaseUntil: { lt: now } };
  const { count } = await prisma.callJob.updateMany({ where, data: { status: "scheduled", claimToken: token, leaseUntil, nextAttemptAt: null } });
  return count === 1 ? prisma.callJob.findUniqueOrThrow({ where: { id: job.id } }) : null;
}

/** Extends a claim that is still this dispatcher's; false if it was lost. */
export async function renewLease(jobId: string, token: string, now: Date): Promise<boolean> {
  const { count } = await prisma.callJob.updateMany({
    where: { id: jobId, status: "scheduled", claimToken: token },
    data: { leaseUntil: new Date(now.getTime() + leaseMs()) },
  });
  return count === 1;
}

/**
 * Records a POST /call before it is sent, in one transaction with renewing
 * the claim (so a job canceled, paused or taken over meanwhile is not
 * dialled). Null if the claim was lost.
 */
export function beginAttempt(jobId: string, token: string, shopId: string, now: Date) {
  return prisma.$transaction(async (tx) => {
    const { count } = await tx.callJob.updateMany({
      where: { id: jobId, status: "scheduled", claimToken: token, callSettings: { active: true }, shop: { uninstalledAt: null } },
      data: { attempts: { increment: 1 }, leaseUntil: new Date(now.getTime() + leaseMs()) },
    });
    if (count === 0) return null;
    const { attempts } = await tx.callJob.findUniqueOrThrow({ where: { id: jobId }, select: { attempts: true } });
    return tx.callAttempt.create({ data: { callJobId: jobId, shopId, number: attempts, startedAt: now }, select: { id: true, startedAt: true } });
  });
}

/** "timeout": no answer known (it timed out, a gateway answered 502/504, the connection was lost), so the call may have been placed. */
export type AttemptResult = { outcome: "placed" | "failed" | "timeout" | "found" | "absent"; httpStatus?: number; detail?: string; vapiCallId?: string };

export function finishAttempt(attemptId: string, result: AttemptResult) {
  return prisma.callAttempt.update({
    where: { id: attemptId },
    data: {
      finishedAt: new Date(),
      outcome: result.outcome,
      httpStatus: result.httpStatus ?? null,
      detail: result.detail === undefined ? null : storableText(result.detail, 500),
      vapiCallId: result.vapiCallId ?? null,
    },
  });
}

/**
 * A job's new call is one reconciliation has never asked about: it goes to the front of reconciliation's line
 * (reconciledAt belongs to the call, not to the job, which may have had an earlier call asked about).
 */
const NEW_CALL = { reconciledAt: null } as const;

/** The call was placed: remember Vapi's id so webhooks find the job; the claim ends. */
export function markPlaced(jobId: string, token: string, vapiCallId: string) {
  return prisma.callJob.updateMany({
    where: { id: jobId, status: "scheduled", claimToken: token, vapiCallId: null },
    data: { vapiCallId, claimToken: null, leaseUntil: null, errorMessage: null, ...NEW_CALL },
  });
}

/** Ends this dispatcher's claim: back to another state (failed, missed, superseded), or left as it is. */
export function releaseClaim(jobId: string, token: string, to?: { status: CallJobStatus; errorMessage: string }) {
  return prisma.callJob.updateMany({
    where: { id: jobId, status: "scheduled", claimToken: token },
    data: to ? { ...to, claimToken: null, leaseUntil: null } : { status: "queued", claimToken: null, leaseUntil: null },
  });
}

/** A transient failure: queued again for another attempt at `retryAt`, with its own dispatch. */
export async function requeueAfterFailure(jobId: string, token: string, retryAt: Date, errorMessage: string): Promise<boolean> {
  const boss = await jobQueue();
  return prisma.$transaction(async (tx) => {
    const { count } = await tx.callJob.updateMany({
      where: { id: jobId, status: "scheduled", claimToken: token },
      data: { status: "queued", claimToken: null, leaseUntil: null, nextAttemptAt: retryAt, errorMessage },
    });
    const payload: DispatchPayload = { callJobId: jobId };
    if (count === 1) await boss.send(QUEUES.dispatch, payload, { startAfter: retryAt, db: fromPrisma(tx) });
    return count === 1;
  });
}

/**
 * A POST /call whose outcome is unknown: kept claimed by nobody, never
 * dialled again, for reconciliation. A job canceled, paused or deleted while
 * it was being placed stays stopped, its reason shown; reconciliation
 * withdraws the call if Vapi placed it, or brings the job back as the call
 * it is if it already rang.
 */
export async function markUnconfirmed(jobId: string, token: string): Promise<void> {
  const unconfirmedAt = new Date();
  const claim = { claimToken: null, leaseUntil: null, unconfirmedAt, ...NEW_CALL };
  const { count } = await prisma.callJob.updateMany({
    where: { id: jobId, status: "scheduled", claimToken: token },
    data: { ...claim, errorMessage: "Vapi could not confirm whether the call was placed; checking again shortly (not dialled twice)" },
  });
  if (count === 0) await prisma.callJob.updateMany({ where: { id: jobId, status: { in: STOPPED }, claimToken: token, vapiCallId: null }, data: claim });
}

/** The job was canceled, paused or deleted while this dispatcher was placing its call (its claim is still on it). */
export async function stoppedWhilePlacing(jobId: string, token: string): Promise<boolean> {
  return (await prisma.callJob.count({ where: { id: jobId, status: { in: STOPPED }, claimToken: token, vapiCallId: null } })) === 1;
}

/**
 * Ends this dispatcher's claim on a job stopped while it was placing the call (once it knows no call of it can ring).
 * `withdrawnCall`: this attempt's own call, placed and then withdrawn before it rang.
 */
export async function releaseStoppedClaim(jobId: string, token: string, { withdrawnCall }: { withdrawnCall?: string } = {}): Promise<boolean> {
  const job = await prisma.callJob.findFirst({ where: { id: jobId, status: { in: STOPPED }, claimToken: token } });
  if (!job) return false;
  return settleStoppedJob(job, { claimToken: token }, { claimToken: null, leaseUntil: null }, { withdrawnCall });
}

/**
 * A stopped job whose calls can no longer ring gets `data`, where it is still as read (its status, and `where`). A
 * retry superseded by a pause, a delete or an uninstall after an earlier call of it that may have rung stays in the
 * history as not tried again, as stopQueuedJobs leaves a queued one. `lastAttemptPlacedNothing`: its last attempt is
 * known to have placed no call that rang (shown never made), so it is not one of those; nor is `withdrawnCall`, the
 * last attempt's call withdrawn before it rang (or the record Vapi may have made of it, as queued). `stoppingAs`: a
 * job still scheduled (a placed call withdrawn now, or one the uninstall could not stop) is stopped now, with that
 * reason; it held its date until now, so failing it cannot clash with another job of that date.
 */
export async function settleStoppedJob(
  job: CallJob,
  where: Prisma.CallJobWhereInput,
  data: Prisma.CallJobUpdateManyMutationInput,
  { lastAttemptPlacedNothing = false, withdrawnCall, stoppingAs }: { lastAttemptPlacedNothing?: boolean; withdrawnCall?: string; stoppingAs?: string } = {},
): Promise<boolean> {
  const current = { ...where, id: job.id, status: job.status };
  const reason = stoppingAs ?? job.errorMessage ?? "";
  const stopped = job.status === "superseded" || stoppingAs !== undefined;
  const notRung = { excludingAttempts: lastAttemptPlacedNothing || withdrawnCall ? 1 : 0, excludingCall: withdrawnCall };
  if (stopped && (await mayHaveRung(prisma, job, notRung))) {
    try {
      const { count } = await prisma.callJob.updateMany({ where: current, data: { ...data, status: "failed", errorMessage: notTriedAgain(reason) } });
      return count === 1;
    } catch (error) {
      if (!(error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002")) throw error;
      // Its date was planned again meanwhile (paused, then resumed): the new job holds the date, and this one stays superseded.
      logger.warn("A stopped check-in retry whose earlier call rang stays superseded: its date has a new job", { callJobId: job.id });
    }
  }
  const stopping = stoppingAs === undefined ? {} : { status: "superseded" as const, errorMessage: stoppingAs };
  const { count } = await prisma.callJob.updateMany({ where: current, data: { ...data, ...stopping } });
  return count === 1;
}

/** Why a stopped job's call was not withdrawn, as its job then says. */
const NOT_WITHDRAWN: Record<"started" | "unreachable" | "refused", string> = {
  started: "Canceled too late: the call had already started",
  unreachable: "Canceled, but Vapi could not be reached to withdraw the call: it may still ring",
  refused: "Canceled, but Vapi refused to withdraw the call: it may still ring",
};

/**
 * Stopped while it was being placed, but the call could not be withdrawn
 * (it already rings, or Vapi could not be asked or refused): it is a real
 * call after all, or may be, and the job says so again rather than
 * "Canceled". If the date was planned again meanwhile (a pause, then a
 * resume), the new job keeps the date: this one only records the call, so
 * its messages are still recorded.
 */
export async function restoreUnwithdrawnJob(jobId: string, vapiCallId: string, withdrawal: keyof typeof NOT_WITHDRAWN): Promise<void> {
  const errorMessage = NOT_WITHDRAWN[withdrawal];
  const where = { id: jobId, status: { in: STOPPED }, vapiCallId: null };
  try {
    await prisma.callJob.updateMany({
      where,
      data: { status: "scheduled", vapiCallId, unconfirmedAt: null, errorMessage, stoppedLateAt: new Date(), ...NEW_CALL },
    });
  } catch (error) {
    if (!(error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002")) throw error;
    await prisma.callJob.updateMany({
      where,
      data: { vapiCallId, unconfirmedAt: null, claimToken: null, leaseUntil: null, errorMessage, stoppedLateAt: new Date(), ...NEW_CALL },
    });
    logger.error("A stopped check-in call rang after its date was planned again: that date may get a second call", { callJobId: jobId, vapiCallId });
  }
}

/** How long a claimed job may stay without a call id (no live dispatcher renewing it) before reconciliation looks at Vapi. */
export const PLACING_TIMEOUT_MS = 10 * 60 * 1000;

/**
 * Jobs nothing will move any more (never silently not called): queued past
 * their grace period (their dispatch was lost) become missed; claimed jobs
 * whose dispatchers all stopped without a call id are handed to
 * reconciliation, which asks Vapi whether the call was placed (a failed
 * mark here could hide a call that rang). Run by every planner tick.
 */
export async function sweepStaleJobs(now = new Date()): Promise<{ missed: number; unconfirmed: number }> {
  const graceMinutes = env.CHECKIN_GRACE_MINUTES;
  const missed = await prisma.callJob.updateMany({
    where: {
      status: "queued",
      scheduledForUtc: { lt: new Date(now.getTime() - graceMinutes * 60 * 1000) },
      OR: [{ nextAttemptAt: null }, { nextAttemptAt: { lt: new Date(now.getTime() - PLACING_TIMEOUT_MS) } }],
    },
    data: { status: "missed", errorMessage: `Not placed within ${graceMinutes} minutes of its time` },
  });
  const stale = new Date(now.getTime() - PLACING_TIMEOUT_MS);
  const unconfirmed = await prisma.callJob.updateMany({
    where: { status: "scheduled", vapiCallId: null, unconfirmedAt: null, updatedAt: { lt: stale }, OR: [{ leaseUntil: null }, { leaseUntil: { lt: stale } }] },
    data: {
      claimToken: null,
      leaseUntil: null,
      unconfirmedAt: now,
      errorMessage: "Placing the call did not finish (the worker stopped); checking at Vapi whether it was placed",
    },
  });
  // Stopped while a worker that since died was placing its call (a POST /call it sent, with no known outcome): looked
  // for at Vapi too, so it is withdrawn if it was placed. A stale claim that never dialled is only released.
  const staleStoppedClaim: Prisma.CallJobWhereInput = {
    status: { in: STOPPED },
    claimToken: { not: null },
    vapiCallId: null,
    unconfirmedAt: null,
    updatedAt: { lt: stale },
    OR: [{ leaseUntil: null }, { leaseUntil: { lt: stale } }],
  };
  const stopped = await prisma.callJob.updateMany({
    where: { ...staleStoppedClaim, callAttempts: { some: { OR: [{ finishedAt: null }, { outcome: "timeout" }] } } },
    data: { claimToken: null, leaseUntil: null, unconfirmedAt: now },
  });
  // Released as its dispatcher would have: a retry after a call that may have rung stays in the history, not tried again.
  const noAttemptInDoubt = await prisma.callJob.findMany({ where: staleStoppedClaim, select: { id: true, claimToken: true } });
  for (const job of noAttemptInDoubt) await releaseStoppedClaim(job.id, job.claimToken!);
  const total = { missed: missed.count, unconfirmed: unconfirmed.count + stopped.count };
  if (total.missed || total.unconfirmed) logger.warn("Stale check-in jobs closed", total);
  return total;
}

const NOT_REACHED: Partial<Record<Disposition, string>> = {
  "no-answer": "No answer",
  busy: "Line busy",
  voicemail: "Reached voicemail",
};

export type OutboundCallEvent = { kind: "started" } | { kind: "ended"; disposition: Disposition; endedReason: string | null };

/**
 * The calls among these that the job had and moved on from (a no-answer retry's earlier call): not its call
 * now, though their metadata names it. It moved on by a message about the call (a webhook, or reconciliation's
 * report), which linked the call's record to the job.
 */
async function callsMovedOnFrom(db: Tx, job: Pick<CallJob, "id" | "shopId">, vapiCallIds: string[]): Promise<Set<string>> {
  if (vapiCallIds.length === 0) return new Set();
  const records = await db.callSession.findMany({
    where: { shopId: job.shopId, callJobId: job.id, vapiCallId: { in: vapiCallIds } },
    select: { vapiCallId: true },
  });
  return new Set(records.map((record) => record.vapiCallId));
}

/**
 * Of the calls Vapi listed, the one placed for the job that may be its call now: its metadata names the job
 * (the dispatcher puts it there), and it is not a call the job moved on from.
 */
export async function placedCallOf(job: Pick<CallJob, "id" | "shopId">, calls: Vapi.Call[]): Promise<Vapi.Call | undefined> {
  const named = calls.filter((call) => call.assistantOverrides?.metadata?.callJobId === job.id);
  const movedOn = await callsMovedOnFrom(
    prisma,
    job,
    named.map((call) => call.id),
  );
  return named.find((call) => !movedOn.has(call.id));
}

/**
 * The job of a call: by Vapi's call id, or, when a webhook beats the
 * dispatcher's save of that id, by the job id the call's metadata carries
 * (the id is saved then).
 */
async function findCallJob(tx: Prisma.TransactionClient, shopId: string, vapiCallId: string, callJobId: string | null) {
  const byCall = await tx.callJob.findFirst({ where: { vapiCallId, shopId } });
  if (byCall || !callJobId) return byCall;
  // A late or repeated message of a call the job moved on from must not take it from the attempt placing its next call.
  if ((await callsMovedOnFrom(tx, { id: callJobId, shopId }, [vapiCallId])).size > 0) return null;
  const { count } = await tx.callJob.updateMany({
    where: { id: callJobId, shopId, status: "scheduled", vapiCallId: null },
    data: { vapiCallId, claimToken: null, leaseUntil: null, unconfirmedAt: null, ...NEW_CALL },
  });
  return count === 1 ? tx.callJob.findUnique({ where: { id: callJobId } }) : null;
}

/** How long after its grace period a call's no-answer may come and still be tried again: the call rang meanwhile. */
export const RETRY_NOTICE_MS = 5 * 60 * 1000;

/**
 * The calls the job made: its POST /call attempts but those known to have placed none (Vapi refused or failed
 * them, or the call was shown absent). A transient failure before the call that rang does not use up the
 * no-answer retry; an attempt still being recorded counts as a call.
 */
async function callsMade(tx: Prisma.TransactionClient, job: CallJob): Promise<number> {
  return Math.max(1, await callsTried(tx, job));
}

/**
 * Whether a call of the job may have rung: an attempt that may have placed one (`excludingAttempts` of them known
 * not to have: a placement withdrawn before it rang), or a call record linked to it (reconciliation may link a call
 * whose attempt read as failed, e.g. accepted without an id), but the record of `excludingCall` (the withdrawn call,
 * which Vapi may have reported as queued). A stopped job that may have is failed, "Not tried
 * again", and stays in the history; one that may not is superseded, as a job never tried.
 */
export async function mayHaveRung(
  db: Prisma.TransactionClient,
  job: Pick<CallJob, "id" | "attempts">,
  { excludingAttempts = 0, excludingCall }: { excludingAttempts?: number; excludingCall?: string } = {},
): Promise<boolean> {
  if ((await callsTried(db, job)) - excludingAttempts > 0) return true;
  return (await db.callSession.count({ where: { callJobId: job.id, ...(excludingCall ? { vapiCallId: { not: excludingCall } } : {}) } })) > 0;
}

/** POST /call attempts of the job that may have placed a call (all but those Vapi refused, failed, or showed absent). */
export async function callsTried(db: Prisma.TransactionClient, job: Pick<CallJob, "id" | "attempts">): Promise<number> {
  const none = await db.callAttempt.count({ where: { callJobId: job.id, outcome: { in: ["failed", "absent"] } } });
  return job.attempts - none;
}

/**
 * Why an unanswered call's job gets no retry ("No answer; not tried again: <why>"), read fresh in the call record's transaction; null: it does. The
 * merchant stopped it while the call was being placed (a cancel that came too late is still a cancel), the
 * schedule is paused or gone, the app uninstalled, or the no-answer came too late for a retry to be on time
 * (a lost webhook found by reconciliation: never a catch-up call).
 */
async function whyNotTriedAgain(tx: Prisma.TransactionClient, job: CallJob, now: Date): Promise<string | null> {
  if (job.stoppedLateAt) return "you stopped it while the call was being placed";
  const current = await tx.callJob.findUnique({
    where: { id: job.id },
    select: { callSettings: { select: { active: true } }, shop: { select: { uninstalledAt: true } } },
  });
  if (!current?.callSettings) return "the schedule was deleted";
  if (!current.callSettings.active) return "calls are paused";
  if (current.shop.uninstalledAt) return UNINSTALLED.toLowerCase();
  const latest = job.scheduledForUtc.getTime() + env.CHECKIN_GRACE_MINUTES * 60_000 + RETRY_NOTICE_MS;
  if (now.getTime() > latest) return "its outcome came too late to call again on time";
  return null;
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
  let refusal: string | null = null;
  let calls = 0;
  if (event.disposition === "completed" || event.disposition === "transferred") {
    await tx.callJob.updateMany({ where: { id: job.id, status: { in: live } }, data: { status: "completed", errorMessage: null } });
  } else if (event.disposition === "canceled") {
    await tx.callJob.updateMany({ where: { id: job.id, status: { in: live } }, data: { status: "canceled" } });
  } else if (notReached && (calls = await callsMade(tx, job)) <= env.CHECKIN_NO_ANSWER_RETRIES && (refusal = await whyNotTriedAgain(tx, job, now))) {
    await tx.callJob.updateMany({
      where: { id: job.id, status: { in: live } },
      data: { status: "failed", errorMessage: `${notReached}; not tried again: ${refusal}` },
    });
  } else if (notReached && calls <= env.CHECKIN_NO_ANSWER_RETRIES) {
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
    const tried = notReached ? calls : job.attempts;
    const attempts = tried > 1 ? ` after ${tried} attempts` : "";
    await tx.callJob.updateMany({ where: { id: job.id, status: { in: live } }, data: { status: "failed", errorMessage: `${reason}${attempts}` } });
  }
  return job.id;
}
