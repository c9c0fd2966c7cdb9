// The dispatcher: places one check-in call at its time, from the shop's
// receptionist number (its saved assistant, with the check-in assistant's
// overrides and today's briefing: checkin-assistant.ts). One run is one step, with its own pg-boss job and
// deadline: claim the job (or take over the claim of a worker that died),
// resolve an earlier attempt whose outcome is unknown, check everything
// again, then one POST /call under the global cap. A transient failure
// (5xx, 429, a lost answer shown absent) queues the job for another step
// after a backoff, while the grace period lasts; every attempt is recorded.
//
// Exactly once: the claim is a conditional update with a token and a lease;
// an attempt is recorded before it is sent; an attempt whose answer was lost
// (timed out, a gateway's 502/504, the connection lost after sending:
// mayHavePlaced) is looked for at Vapi (by the job id in the call's
// metadata) for CHECKIN_PLACEMENT_LOOKUP_SECONDS before anything dials
// again, and if Vapi cannot be asked the job is left to reconciliation,
// never redialled.
import { randomUUID } from "node:crypto";
import type { CallJob, CallSettings, Shop } from "@prisma/client";
import type { Vapi } from "@vapi-ai/server-sdk";
import prisma from "../db.server";
import { env } from "../env.server";
import { withCallSlot } from "../jobs/call-slots.server";
import { logger } from "../observability/logger.server";
import { isVoiceName, voiceByName } from "../receptionist/voices";
import { resourceShape, wellFormedEntries } from "../vapi/answer-shapes";
import { vapiClient } from "../vapi/client.server";
import { classifyVapiError, withVapiRetry, type ClassifiedFailure } from "../vapi/retry";
import {
  beginAttempt,
  claimForDispatch,
  finishAttempt,
  type AttemptResult,
  leaseMs,
  markPlaced,
  markUnconfirmed,
  placedCallOf,
  releaseClaim,
  renewLease,
  requeueAfterFailure,
  releaseStoppedClaim,
  mayHaveRung,
  notTriedAgain,
  restoreUnwithdrawnJob,
  stoppedWhilePlacing,
  UNINSTALLED,
  withdrawVapiCall,
} from "./job-control.server";
import { outboundCallServer } from "../vapi/webhook-secrets.server";
import { buildBriefing, isBriefingPart, type Briefing, type BriefingFigures } from "./briefing";
import { gatherBriefingFigures } from "./briefing-figures.server";
import { checkinAssistantOverrides } from "./checkin-assistant";

export type DispatchOutcome = "placed" | "retrying" | "not-pending" | "not-due" | "missed" | "failed" | "stopped" | "unconfirmed";

/** pg-boss may start a dispatch a little early (clocks, polling): earlier than this is a stale dispatch. */
const NOT_DUE_TOLERANCE_MS = 5_000;
const MAX_BACKOFF_MS = 60_000;

export interface DispatchOptions {
  /** The clock's reading now (tests): time then runs on from it. */
  now?: Date;
  /** pg-boss aborts it when the job expired: then no call may be dialled. */
  signal?: AbortSignal;
}

type Job = CallJob & { callSettings: CallSettings | null; shop: Shop };

const graceEnd = (job: CallJob) => new Date(job.scheduledForUtc.getTime() + env.CHECKIN_GRACE_MINUTES * 60_000);

export async function dispatchCallJob(callJobId: string, options: DispatchOptions = {}): Promise<DispatchOutcome> {
  const startedAt = Date.now();
  const base = options.now?.getTime() ?? startedAt;
  const clock = () => new Date(base + Date.now() - startedAt);
  const job = await prisma.callJob.findUnique({ where: { id: callJobId }, include: { callSettings: true, shop: true } });
  if (!job) return "not-pending";
  const now = clock();
  if (job.status === "queued" && (job.nextAttemptAt ?? job.scheduledForUtc).getTime() - now.getTime() > NOT_DUE_TOLERANCE_MS) return "not-due";
  if (job.status === "scheduled" && !job.vapiCallId && !job.unconfirmedAt && job.leaseUntil && job.leaseUntil > now) {
    // Held by another dispatcher: a dead one's lease runs out within a lease's length; wait for it.
    const waitMs = job.leaseUntil.getTime() - now.getTime() + 200;
    if (waitMs > leaseMs() + NOT_DUE_TOLERANCE_MS) return "not-pending";
    await new Promise((resolve) => setTimeout(resolve, waitMs));
    return dispatchCallJob(callJobId, { ...options, now: clock() });
  }
  const token = randomUUID();
  const claimed = await claimForDispatch(job, token, now);
  if (!claimed) return "not-pending";
  return placeClaimed({ ...job, ...claimed }, token, clock, options.signal);
}

async function placeClaimed(job: Job, token: string, clock: () => Date, signal?: AbortSignal): Promise<DispatchOutcome> {
  const { shop } = job;
  // An attempt of a worker that died (or timed out) may have placed the call.
  const doubt = await prisma.callAttempt.findFirst({
    where: { callJobId: job.id, OR: [{ finishedAt: null }, { outcome: "timeout" }] },
    orderBy: { number: "desc" },
  });
  if (doubt && shop.phoneNumberId) {
    const found = await lookForPlacedCall(job, token, doubt.startedAt, clock);
    if (found === "unknown") return unconfirmed(job, token);
    if (found) return linkThenFinish(job, token, found, doubt.id, { outcome: "found", vapiCallId: found });
    await finishAttempt(doubt.id, { outcome: "absent", detail: "Not found at Vapi: it was not placed" });
  }

  const refusal = await checkBeforeDialling(job.id, token, clock());
  if (refusal) return refusal;

  const settings = job.callSettings!;
  const { briefing, figures } = await briefingFor(job, token, settings, shop);
  const request = await checkinCallRequest(job, settings, shop, briefing);
  const result = await withCallSlot(async () => {
    if (signal?.aborted) return { kind: "stopped" as const };
    // The wait for a free slot may have taken the rest of the grace period (many calls due at once, a slow Vapi).
    if (clock() > graceEnd(job)) return { kind: "late" as const };
    // The merchant may have saved a new number (the one consent is for), name or voice while the briefing was gathered
    // and a call line waited for: the call goes to the schedule as it is now; or paused it, or withdrawn the consent,
    // meanwhile: no call. Read before the attempt begins, so a database failure here is plainly no call (as one
    // before the call slot is), not a POST /call whose outcome is unknown.
    const current = await prisma.callSettings.findUnique({ where: { id: settings.id } });
    const notCalling = whyScheduleDoesNotCall(current);
    if (!current || notCalling) return { kind: "withdrawn" as const, reason: notCalling ?? "Schedule deleted" };
    const body = calleeChanged(settings, current)
      ? await checkinCallRequest(job, current, shop, await renamedBriefing(job, token, briefing, figures, current))
      : request;
    const attempt = await beginAttempt(job.id, token, shop.id, clock());
    if (!attempt) return { kind: "lost" as const };
    try {
      const call = await vapiClient().calls.create(body);
      // An answer without a usable id leaves the placement unconfirmed (reconciliation finds the call by its metadata).
      return { kind: "ok" as const, attempt, id: resourceShape.safeParse(call).success ? (call as { id: string }).id : undefined };
    } catch (error) {
      return { kind: "error" as const, attempt, failure: classifyVapiError(error) };
    }
  }, signal);

  if (result.kind === "stopped" || result.kind === "late" || result.kind === "lost") {
    // The merchant may have stopped the job meanwhile (a pause, a delete): its claim then ends as any stopped claim's.
    if (await releaseStoppedClaim(job.id, token)) return result.kind === "lost" ? "not-pending" : "stopped";
  }
  if (result.kind === "stopped") {
    await releaseClaim(job.id, token);
    return "stopped";
  }
  if (result.kind === "lost") return "not-pending";
  if (result.kind === "withdrawn") {
    // A pause of the app's own stopped the job already (only this claim on it is left to end); otherwise it is stopped here.
    if (!(await releaseStoppedClaim(job.id, token))) await stopUndialled(job, token, result.reason);
    return "stopped";
  }
  if (result.kind === "late") return closeLate(job, token, ": every call line was busy until then");
  const { attempt } = result;
  const attemptId = attempt.id;
  if (result.kind === "ok") {
    if (!result.id) {
      await finishAttempt(attemptId, { outcome: "failed", detail: "Vapi accepted the call but returned no call id" });
      return unconfirmed(job, token);
    }
    return linkThenFinish(job, token, result.id, attemptId, { outcome: "placed", vapiCallId: result.id });
  }

  const { failure } = result;
  logger.warn("Vapi place check-in call failed", { callJobId: job.id, code: failure.code, status: failure.status, detail: failure.detail });
  if (mayHavePlaced(failure)) {
    await finishAttempt(attemptId, { outcome: "timeout", httpStatus: failure.status, detail: failure.detail });
    const found = await lookForPlacedCall(job, token, attempt.startedAt, clock);
    if (found === "unknown") return unconfirmed(job, token);
    if (found) return linkThenFinish(job, token, found, attemptId, { outcome: "found", vapiCallId: found });
    await finishAttempt(attemptId, { outcome: "absent", detail: `${describeFailure(failure)}, and not found at Vapi: it was not placed` });
  } else {
    await finishAttempt(attemptId, { outcome: "failed", httpStatus: failure.status, detail: failure.detail });
  }
  return afterFailure(job, token, failure, clock());
}

/**
 * A POST /call that failed this way may still have placed the call, so it is looked for before any retry: no
 * answer in time, a gateway's answer (502, 504) for a Vapi that may have gone on to place it, or a connection
 * lost once the request could have gone out (reset, closed). Only a connection never opened (refused, a name
 * that does not resolve) is known to have done nothing.
 */
function mayHavePlaced(failure: ClassifiedFailure): boolean {
  if (failure.code === "NETWORK_ERROR") return !failure.neverSent;
  return failure.code === "TIMEOUT" || (failure.code === "VAPI_UNAVAILABLE" && (failure.status === 502 || failure.status === 504));
}

/** Retryable failures are tried again after a backoff while the grace period lasts; others fail the job. */
async function afterFailure(job: Job, token: string, failure: ClassifiedFailure, now: Date): Promise<DispatchOutcome> {
  // Canceled, paused or deleted meanwhile, and no call of it can ring: nothing to try again.
  if (await releaseStoppedClaim(job.id, token)) return "not-pending";
  const attempts = await prisma.callAttempt.count({ where: { callJobId: job.id, outcome: { in: ["failed", "absent"] } } });
  const what = describeFailure(failure);
  if (!failure.retryable) {
    await releaseClaim(job.id, token, { status: "failed", errorMessage: `${what}: not retried` });
    logger.error("Check-in call could not be placed", { callJobId: job.id, code: failure.code, status: failure.status });
    return "failed";
  }
  const backoff = Math.min(MAX_BACKOFF_MS, env.CHECKIN_RETRY_BACKOFF_MS * 2 ** Math.max(0, attempts - 1));
  const retryAt = new Date(now.getTime() + Math.max(backoff, failure.retryAfterMs ?? 0));
  if (retryAt > graceEnd(job)) {
    await releaseClaim(job.id, token, {
      status: "failed",
      errorMessage: `${what}; tried ${attempts} time${attempts === 1 ? "" : "s"} until ${env.CHECKIN_GRACE_MINUTES} minutes after its time, then gave up`,
    });
    logger.error("Check-in call not placed within its grace period", { callJobId: job.id, attempts });
    return "failed";
  }
  await requeueAfterFailure(job.id, token, retryAt, `${what}; trying again at ${retryAt.toISOString().slice(11, 19)} UTC (attempt ${attempts + 1})`);
  logger.warn("Check-in call will be retried", { callJobId: job.id, attempts, retryAt });
  return "retrying";
}

function describeFailure(failure: ClassifiedFailure): string {
  switch (failure.code) {
    case "RATE_LIMIT":
      return "Vapi was busy (429)";
    case "VAPI_UNAVAILABLE":
      return `Vapi was unavailable (${failure.status ?? "5xx"})`;
    case "TIMEOUT":
      return "Vapi did not answer in time";
    case "NETWORK_ERROR":
      return "The connection to Vapi failed";
    default:
      return `Vapi refused the call${failure.status ? ` (${failure.status})` : ""}: ${failure.detail}`;
  }
}

/**
 * Every check before a dial, read fresh (a retry may come minutes later):
 * the job is still this dispatcher's, the schedule active, the shop
 * installed with its receptionist, and the grace period not over.
 */
async function checkBeforeDialling(jobId: string, token: string, now: Date): Promise<DispatchOutcome | null> {
  const job = await prisma.callJob.findUnique({ where: { id: jobId }, include: { callSettings: true, shop: true } });
  if (!job || job.claimToken !== token) return "not-pending";
  if (job.status !== "scheduled") {
    // Canceled, paused or deleted since it was claimed (while an earlier attempt's call was looked for, say): settled now.
    await releaseStoppedClaim(jobId, token);
    return "not-pending";
  }
  if (job.shop.uninstalledAt) {
    await stopUndialled(job, token, UNINSTALLED);
    return "stopped";
  }
  const notCalling = whyScheduleDoesNotCall(job.callSettings);
  if (notCalling) {
    await stopUndialled(job, token, notCalling);
    return "stopped";
  }
  if (job.shop.receptionistStatus !== "active" || !job.shop.assistantId || !job.shop.phoneNumberId) {
    await releaseClaim(jobId, token, { status: "failed", errorMessage: "The AI receptionist is not set up: check-in calls are placed from its number" });
    return "failed";
  }
  if (now > graceEnd(job)) {
    const lateBy = Math.round((now.getTime() - job.scheduledForUtc.getTime()) / 60_000);
    return closeLate(job, token, ` (${lateBy} minutes late)`);
  }
  return null;
}

/**
 * Why the schedule places no call now (deleted, paused, or no consent on record for its number), or null. A schedule
 * turned on has consent (toggleSchedule, onScheduleChanged), so the last is a schedule from before that was enforced.
 */
function whyScheduleDoesNotCall(settings: Pick<CallSettings, "active" | "consentAt"> | null): string | null {
  if (!settings) return "Schedule deleted";
  if (!settings.active) return "Calls paused";
  if (!settings.consentAt) return "No consent on record for this number";
  return null;
}

/**
 * Stops a job the dispatcher did not dial: a retry after a call of the job that may have rung stays in the history as
 * not tried again (as stopQueuedJobs leaves one); a job none of whose attempts placed a call is superseded, as a job
 * never tried.
 */
async function stopUndialled(job: CallJob, token: string, reason: string) {
  await releaseClaim(
    job.id,
    token,
    (await mayHaveRung(prisma, job)) ? { status: "failed", errorMessage: notTriedAgain(reason) } : { status: "superseded", errorMessage: reason },
  );
}

/** Closes a job whose grace period ran out before it was placed: missed, or failed when earlier attempts failed. */
async function closeLate(job: { id: string; attempts: number }, token: string, why: string): Promise<"missed" | "failed"> {
  const outcome = job.attempts > 0 ? "failed" : "missed";
  await releaseClaim(job.id, token, { status: outcome, errorMessage: `Not placed within ${env.CHECKIN_GRACE_MINUTES} minutes of its time${why}` });
  return outcome;
}

/**
 * Looks for the call an attempt may have placed (the job id is in its
 * metadata) until CHECKIN_PLACEMENT_LOOKUP_SECONDS after that attempt began.
 * The id if found; null when it is shown absent; "unknown" when Vapi could
 * not be asked.
 */
async function lookForPlacedCall(job: Job, token: string, since: Date, clock: () => Date): Promise<string | null | "unknown"> {
  const until = since.getTime() + env.CHECKIN_PLACEMENT_LOOKUP_SECONDS * 1000;
  const pollMs = Math.max(200, Math.min(3_000, (env.CHECKIN_PLACEMENT_LOOKUP_SECONDS * 1000) / 4));
  for (;;) {
    let calls: Vapi.Call[];
    try {
      // An entry without an id could not be told apart from "not placed": left out (and logged), never read as absent.
      calls = await withVapiRetry({ operation: "look for a placed check-in call", shopId: job.shopId }, async () =>
        wellFormedEntries(
          "list calls",
          await vapiClient().calls.list({ phoneNumberId: job.shop.phoneNumberId!, createdAtGe: new Date(since.getTime() - 60_000).toISOString(), limit: 1000 }),
          resourceShape,
        ),
      );
    } catch (error) {
      logger.warn("Could not ask Vapi whether a check-in call was placed", { callJobId: job.id, error });
      return "unknown";
    }
    const found = await placedCallOf(job, calls);
    if (found) return found.id;
    if (clock().getTime() >= until) return null;
    // A job stopped meanwhile is no longer this dispatcher's to dial, but the call it may have placed must still be
    // found: withdrawn if Vapi has not started it, or the job shown as the call it is (recordPlaced).
    if (!(await renewLease(job.id, token, clock())) && !(await stoppedWhilePlacing(job.id, token))) return "unknown";
    await new Promise((resolve) => setTimeout(resolve, Math.min(pollMs, Math.max(0, until - clock().getTime()))));
  }
}

async function unconfirmed(job: Job, token: string): Promise<DispatchOutcome> {
  await markUnconfirmed(job.id, token);
  logger.warn("Check-in call placement unknown: left to reconciliation, not dialled again", { callJobId: job.id });
  return "unconfirmed";
}

/**
 * Links the call to its job, then closes the attempt. In this order: a worker
 * that dies between the two leaves a linked job (never dispatched again),
 * where the other order would leave a finished attempt and an unlinked job
 * that a takeover would dial again.
 */
async function linkThenFinish(job: Job, token: string, vapiCallId: string, attemptId: string, result: AttemptResult): Promise<DispatchOutcome> {
  const outcome = await recordPlaced(job, token, vapiCallId);
  await finishAttempt(attemptId, result);
  return outcome;
}

async function recordPlaced(job: Job, token: string, vapiCallId: string): Promise<DispatchOutcome> {
  const { count } = await markPlaced(job.id, token, vapiCallId);
  if (count === 1) {
    logger.info("Check-in call placed", { callJobId: job.id, vapiCallId, to: job.callSettings?.phoneE164 });
    return "placed";
  }
  const current = await prisma.callJob.findUnique({ where: { id: job.id } });
  // A webhook of this very call may have linked it first (by its metadata).
  if (current?.vapiCallId === vapiCallId) return "placed";
  // Canceled while Vapi was placing it: cancelJob could not withdraw a call
  // whose id it did not know yet, so withdraw it here. One that already
  // rings, or that Vapi could not be made to withdraw, is (or may be) a real
  // call: its job says so again.
  const withdrawal = await withdrawVapiCall(vapiCallId, job.shopId);
  if (withdrawal === "withdrawn") {
    logger.info("Check-in call withdrawn: its job was canceled while it was being placed", { callJobId: job.id, vapiCallId });
    await releaseStoppedClaim(job.id, token, { withdrawnCall: vapiCallId });
    return "not-pending";
  }
  await restoreUnwithdrawnJob(job.id, vapiCallId, withdrawal);
  return "placed";
}

/**
 * Today's briefing for the job's person (its figures read now; an Admin API
 * failure only leaves its part out), kept on the job for its history.
 */
/** What the call's request takes from the schedule, besides the briefing. */
function calleeChanged(before: CallSettings, now: CallSettings): boolean {
  return before.phoneE164 !== now.phoneE164 || before.name !== now.name || before.voiceId !== now.voiceId;
}

async function briefingFor(job: CallJob, token: string, settings: CallSettings, shop: Shop): Promise<{ briefing: Briefing; figures: BriefingFigures }> {
  const figures = await gatherBriefingFigures(shop, settings);
  const briefing = buildBriefing(figures, settings.briefingParts.filter(isBriefingPart));
  await prisma.callJob.updateMany({ where: { id: job.id, claimToken: token }, data: { briefing: briefing.script } });
  return { briefing, figures };
}

/** The briefing for the person as renamed while it was gathered (the same figures, greeting the new name), kept as the job's. */
async function renamedBriefing(job: CallJob, token: string, briefing: Briefing, figures: BriefingFigures, current: CallSettings): Promise<Briefing> {
  if (current.name === figures.personName) return briefing;
  const renamed = buildBriefing({ ...figures, personName: current.name }, current.briefingParts.filter(isBriefingPart));
  await prisma.callJob.updateMany({ where: { id: job.id, claimToken: token }, data: { briefing: renamed.script } });
  return renamed;
}

/**
 * The POST /call body: the receptionist's saved assistant and number, with
 * the check-in assistant's complete overrides (checkin-assistant.ts): its
 * own prompt and briefing, record_note as its only tool (none of the
 * customer tools), a short call, and this call's own webhook secret.
 */
export async function checkinCallRequest(job: CallJob, settings: CallSettings, shop: Shop, briefing: Briefing): Promise<Vapi.CreateCallDto> {
  return {
    assistantId: shop.assistantId!,
    phoneNumberId: shop.phoneNumberId!,
    customer: { number: settings.phoneE164 },
    name: `Check-in ${job.localDate}`,
    assistantOverrides: checkinAssistantOverrides({
      shopName: shop.name,
      personName: settings.name,
      briefing,
      model: env.VAPI_MODEL as Vapi.AnthropicModelModel,
      server: await outboundCallServer(shop),
      metadata: { shopId: shop.id, callJobId: job.id },
      ...(settings.voiceId && isVoiceName(settings.voiceId) ? { voiceId: voiceByName(settings.voiceId).voiceId } : {}),
    }),
  };
}
