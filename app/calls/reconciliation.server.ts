// Reconciliation: calls whose final webhook never came are asked about.
// Run as a periodic job (app/jobs/worker.ts). Four kinds:
// - a call record (inbound or outbound) with no end-of-call report after
//   CHECKIN_RECONCILE_AFTER_MINUTES;
// - a placed check-in job (a call id, still scheduled or started) as old;
// - a check-in job whose POST /call outcome is unknown (the dispatcher could
//   not ask Vapi): looked for by the job id in the calls' metadata;
// - an inbound call with no record at all (every webhook of it lost, e.g. an
//   outage longer than Vapi's retries): each shop's line is listed at Vapi
//   every LINE_SWEEP_EVERY_MS, from where the last listing left off.
// A call Vapi reports ended (GET /call/{id}) is applied exactly as its
// end-of-call report would be: the same code (recordEndOfCallReport), under
// the same delivery key, so a report that arrives after all is a duplicate.
// Vapi marks a call ended before its analysis and recording are ready and
// posts the report after them: an ended call is applied only once
// REPORT_GRACE_MS have passed since it ended, or the report, when it comes,
// would find a poorer record holding its key (no summary, transcript or message).
// After an uninstall no call content is stored (the shop's webhooks are
// refused too): its calls still settle their records and jobs, without
// transcript, summary, recording or messages, and a check-in call whose
// placement was unknown is withdrawn if Vapi has not started it.
import type { CallJob, Shop } from "@prisma/client";
import type { Vapi } from "@vapi-ai/server-sdk";
import prisma from "../db.server";
import { env } from "../env.server";
import { logger } from "../observability/logger.server";
import { vapiClient } from "../vapi/client.server";
import { checkedAnswer, resourceShape, wellFormedEntries } from "../vapi/answer-shapes";
import { listWindow } from "../vapi/listing";
import { isVapiNotFound, withVapiRetry } from "../vapi/retry";
import { EndOfCallReportSchema } from "../vapi/server-messages";
import { placedCallOf, restoreUnwithdrawnJob, settleStoppedJob, UNINSTALLED, withdrawVapiCall } from "../checkins/job-control.server";
import { recordEndOfCallReport } from "./call-records.server";

/** Calls older than this are left alone: Vapi keeps no call open that long. */
const GIVE_UP_AFTER_MS = 2 * 24 * 60 * 60 * 1000;
/** How long after a call ended its report may still come (Vapi's analysis, then its retries). */
export const REPORT_GRACE_MS = 10 * 60_000;
/** Calls asked about per tick, of each kind. */
export const RECONCILE_BATCH = 200;
/** Rows never asked about first, then the longest since asked, then the oldest. */
const LONGEST_UNASKED_FIRST: Array<{ reconciledAt: { sort: "asc"; nulls: "first" } } | { createdAt: "asc" }> = [
  { reconciledAt: { sort: "asc", nulls: "first" } },
  { createdAt: "asc" },
];

export interface ReconcileResult {
  /** Calls fetched from Vapi. */
  checked: number;
  /** Ended calls applied as their report would be. */
  applied: number;
  /** Unconfirmed check-in jobs found at Vapi and linked to their call. */
  linked: number;
  /** Inbound calls that had no record, found on the shop's line and recorded. */
  recovered: number;
  /** Check-in jobs closed because Vapi has no such call. */
  failed: number;
}

export async function reconcileCalls(now = new Date()): Promise<ReconcileResult> {
  const result: ReconcileResult = { checked: 0, applied: 0, linked: 0, recovered: 0, failed: 0 };
  const staleBefore = new Date(now.getTime() - env.CHECKIN_RECONCILE_AFTER_MINUTES * 60_000);
  const notBefore = new Date(now.getTime() - GIVE_UP_AFTER_MS);

  await resolveUnconfirmedJobs(now, result);

  // The end-of-call report sets endedAt: without it, no final word came.
  const sessions = await prisma.callSession.findMany({
    where: { endedAt: null, createdAt: { lt: staleBefore, gte: notBefore } },
    select: { id: true, vapiCallId: true, shopId: true },
    orderBy: LONGEST_UNASKED_FIRST,
    take: RECONCILE_BATCH,
  });
  const jobs = await prisma.callJob.findMany({
    where: { status: { in: ["scheduled", "started"] }, vapiCallId: { not: null }, updatedAt: { lt: staleBefore, gte: notBefore } },
    select: { id: true, vapiCallId: true, shopId: true },
    orderBy: LONGEST_UNASKED_FIRST,
    take: RECONCILE_BATCH,
  });
  // Marked before asking, so a call that cannot be settled (still going, unknown to Vapi, refused) goes to the back
  // of the line even when the tick fails or the process dies midway.
  await markAsked(sessions, jobs, now);
  const calls = new Map<string, string>();
  for (const { vapiCallId, shopId } of [...sessions, ...jobs]) if (vapiCallId) calls.set(vapiCallId, shopId);
  for (const [vapiCallId, shopId] of calls) {
    // One call Vapi describes in a way the app cannot store must not stop the others.
    await reconcileCall(vapiCallId, shopId, now, result).catch((error: unknown) =>
      logger.error("Could not reconcile a call; it is asked about again later", { shopId, vapiCallId, error }),
    );
  }
  await sweepLines(now, result);
  if (result.checked || result.linked || result.recovered || result.failed) logger.info("Calls reconciled with Vapi", { ...result });
  return result;
}

/** Raw SQL: asking is not a change of the row, so its updatedAt (what "stale" is measured by) stays. */
async function markAsked(sessions: Array<{ id: string }>, jobs: Array<{ id: string }>, now: Date): Promise<void> {
  if (sessions.length === 0 && jobs.length === 0) return;
  await prisma.$transaction([
    prisma.$executeRaw`UPDATE "CallSession" SET "reconciledAt" = ${now} WHERE id = ANY(${sessions.map((row) => row.id)}::text[])`,
    prisma.$executeRaw`UPDATE "CallJob" SET "reconciledAt" = ${now} WHERE id = ANY(${jobs.map((row) => row.id)}::text[])`,
  ]);
}

/** Fetches one call and, if it ended, applies it as its end-of-call report. */
async function reconcileCall(vapiCallId: string, shopId: string, now: Date, result: ReconcileResult): Promise<void> {
  const shop = await prisma.shop.findUnique({ where: { id: shopId } });
  if (!shop) return;
  let call: Vapi.Call;
  try {
    call = await withVapiRetry({ operation: "get call", shopId }, async () =>
      checkedAnswer("get call", await vapiClient().calls.get({ id: vapiCallId }), resourceShape),
    );
  } catch (error) {
    if (isVapiNotFound(error)) {
      const { count } = await prisma.callJob.updateMany({
        where: { shopId, vapiCallId, status: { in: ["scheduled", "started"] } },
        data: { status: "failed", errorMessage: "Vapi has no record of this call" },
      });
      result.failed += count;
    } else {
      logger.warn("Could not fetch a call to reconcile it", { vapiCallId, error });
    }
    return;
  }
  result.checked++;
  if (call.id !== vapiCallId) {
    logger.error("Vapi answered about another call than the one asked for; not applied", { shopId, vapiCallId, answeredFor: call.id });
    return;
  }
  if ((await applyAsReport(shop, call, now)) === "applied") result.applied++;
}

/** An ended call, as Vapi's end-of-call report describes it, through the webhook's own schema and code; "waiting" while its report may still come. */
async function applyAsReport(shop: Shop, call: Vapi.Call, now: Date): Promise<Awaited<ReturnType<typeof recordEndOfCallReport>> | "waiting"> {
  if (call.status !== "ended") return "waiting";
  const endedAt = Date.parse(call.endedAt ?? call.updatedAt ?? "");
  if (Number.isFinite(endedAt) && now.getTime() - endedAt < REPORT_GRACE_MS) return "waiting";
  const report = EndOfCallReportSchema.parse({
    type: "end-of-call-report",
    call,
    customer: call.customer ?? null,
    endedReason: call.endedReason ?? null,
    cost: call.cost ?? null,
    startedAt: call.startedAt ?? null,
    endedAt: call.endedAt ?? null,
    // An uninstalled shop's call settles without its content (transcript, recording, summary, message).
    artifact: shop.uninstalledAt ? null : (call.artifact ?? null),
    analysis: shop.uninstalledAt ? null : (call.analysis ?? null),
  });
  return recordEndOfCallReport(shop, report);
}

/**
 * Jobs whose placement is unknown: the call is looked for by its metadata.
 * Found: linked (and applied if it ended). Shown absent once the lookup
 * window has passed: failed, with no call made.
 */
async function resolveUnconfirmedJobs(now: Date, result: ReconcileResult): Promise<void> {
  const jobs = await prisma.callJob.findMany({
    // Pending ones, and ones canceled, paused or deleted while they were being placed (they keep their status).
    where: { vapiCallId: null, unconfirmedAt: { not: null } },
    include: { shop: true },
    orderBy: LONGEST_UNASKED_FIRST,
    take: RECONCILE_BATCH,
  });
  await markAsked([], jobs, now);
  for (const job of jobs) {
    await resolveUnconfirmedJob(job, now, result).catch((error: unknown) =>
      logger.error("Could not resolve an unconfirmed check-in call; it is looked for again later", { callJobId: job.id, error }),
    );
  }
}

async function resolveUnconfirmedJob(job: CallJob & { shop: Shop }, now: Date, result: ReconcileResult): Promise<void> {
  const lookupOver = now.getTime() - job.unconfirmedAt!.getTime() >= env.CHECKIN_PLACEMENT_LOOKUP_SECONDS * 1000;
  // The uninstall stops what it can (queued jobs, placed calls); one whose placement was unknown is stopped here.
  const stopped = job.status !== "scheduled" || job.shop.uninstalledAt !== null;
  if (!job.shop.phoneNumberId) {
    // The number was released (the receptionist removed, the app uninstalled): its calls can no longer be listed.
    if (lookupOver) {
      if (stopped) await settleStopped(job, { placementKnown: false });
      else await failUnconfirmed(job, result, "Not confirmed: the store's number was released before the call could be looked up");
    }
    return;
  }
  let calls: Vapi.Call[];
  try {
    calls = await withVapiRetry({ operation: "look for an unconfirmed check-in call", shopId: job.shopId }, async () =>
      wellFormedEntries(
        "list calls",
        await vapiClient().calls.list({
          phoneNumberId: job.shop.phoneNumberId!,
          createdAtGe: new Date(job.unconfirmedAt!.getTime() - 60 * 60_000).toISOString(),
          limit: 1000,
        }),
        resourceShape,
      ),
    );
  } catch (error) {
    logger.warn("Could not look for an unconfirmed check-in call", { callJobId: job.id, error });
    return;
  }
  const call = await placedCallOf(job, calls);
  if (call && stopped) return withdrawOrRestore(job, call, now, result);
  if (call) return linkFound(job, call, now, result);
  if (lookupOver) {
    if (stopped) await settleStopped(job);
    else await failUnconfirmed(job, result, "Not placed: Vapi has no record of the call (checked after the request timed out)");
  }
}

/** The call placed for a job still scheduled: linked to it, and applied now if it ended long enough ago (otherwise the job is reconciled as a placed one later). */
async function linkFound(job: CallJob & { shop: Shop }, call: Vapi.Call, now: Date, result: ReconcileResult): Promise<void> {
  const { count } = await prisma.callJob.updateMany({
    where: { id: job.id, status: "scheduled", vapiCallId: null },
    data: { vapiCallId: call.id, unconfirmedAt: null, errorMessage: null },
  });
  result.linked += count;
  if (count === 1 && (await applyAsReport(job.shop, call, now)) === "applied") result.applied++;
}

/**
 * A call placed for a job stopped while it was being placed: withdrawn if
 * Vapi has not started it; one that rings or ended is a real call, and its
 * job says so again, as does one Vapi refused to withdraw (a revoked key:
 * asking again would not help, and it may still ring). Asked again next
 * tick if Vapi could not be asked.
 */
async function withdrawOrRestore(job: CallJob & { shop: Shop }, call: Vapi.Call, now: Date, result: ReconcileResult): Promise<void> {
  const withdrawal = await withdrawVapiCall(call.id, job.shopId);
  if (withdrawal === "unreachable") return;
  if (withdrawal === "withdrawn") {
    logger.info("Check-in call withdrawn: its job was stopped while it was being placed", { callJobId: job.id, vapiCallId: call.id });
    await settleStopped(job, { withdrawnCall: call.id });
    return;
  }
  // A job the uninstall could not stop (still scheduled) whose call rang: the call is its own.
  if (job.status === "scheduled") return linkFound(job, call, now, result);
  await restoreUnwithdrawnJob(job.id, call.id, withdrawal);
  result.linked++;
  if ((await applyAsReport(job.shop, call, now)) === "applied") result.applied++;
}

/**
 * A stopped job whose placement is settled (`withdrawnCall`, or shown never made; `placementKnown: false` when its number
 * was released before the call could be looked for): it stays as the merchant left it (a retry after a call that may
 * have rung reads as not tried again); one an uninstall stopped (still scheduled) is stopped now, as the uninstall
 * stopped the shop's other jobs.
 */
async function settleStopped(job: CallJob, { placementKnown = true, withdrawnCall }: { placementKnown?: boolean; withdrawnCall?: string } = {}): Promise<void> {
  await settleStoppedJob(
    job,
    { vapiCallId: null },
    { unconfirmedAt: null },
    { lastAttemptPlacedNothing: placementKnown, withdrawnCall, stoppingAs: job.status === "scheduled" ? UNINSTALLED : undefined },
  );
}

async function failUnconfirmed(job: CallJob, result: ReconcileResult, errorMessage: string): Promise<void> {
  const { count } = await prisma.callJob.updateMany({
    where: { id: job.id, status: "scheduled", vapiCallId: null },
    data: { status: "failed", unconfirmedAt: null, errorMessage },
  });
  result.failed += count;
}

/** How often each shop's line is listed at Vapi for calls with no record. */
export const LINE_SWEEP_EVERY_MS = 10 * 60_000;
/** Lines listed per tick (a minute), the longest unlisted first. */
const LINE_SWEEPS_PER_TICK = 20;
/** A call being created now may not be listed yet: the next listing starts this long before this one. */
const LISTING_LAG_MS = 5 * 60_000;

async function sweepLines(now: Date, result: ReconcileResult): Promise<void> {
  const shops = await prisma.shop.findMany({
    where: {
      phoneNumberId: { not: null },
      uninstalledAt: null,
      OR: [{ callSweepAt: null }, { callSweepAt: { lt: new Date(now.getTime() - LINE_SWEEP_EVERY_MS) } }],
    },
    orderBy: { callSweepAt: { sort: "asc", nulls: "first" } },
    take: LINE_SWEEPS_PER_TICK,
  });
  for (const shop of shops) {
    try {
      await sweepLine(shop, now, result);
    } catch (error) {
      // Tried again after the interval, from the same mark: a line Vapi refuses must not take every tick's turn.
      logger.warn("Could not list the shop's calls at Vapi", { shopId: shop.id, error });
      await prisma.shop.updateMany({ where: { id: shop.id }, data: { callSweepAt: now } });
    }
  }
}

/**
 * Lists the calls on the shop's number created since the sweep's mark,
 * records each ended inbound call the app has no record of (as its report
 * would), and moves the mark to the oldest call still unsettled.
 */
async function sweepLine(shop: Shop, now: Date, result: ReconcileResult): Promise<void> {
  const from = new Date(Math.max((shop.callSweepFrom ?? shop.provisionedAt ?? shop.createdAt).getTime(), now.getTime() - GIVE_UP_AFTER_MS));
  const { entries: calls, complete } = await listWindow({ operation: "list the line's calls", shopId: shop.id }, (page) =>
    vapiClient().calls.list({ phoneNumberId: shop.phoneNumberId!, createdAtGe: from.toISOString(), ...page }),
  );
  const inbound = calls.filter((call) => call.type === "inboundPhoneCall");
  const recorded = await prisma.callSession.findMany({
    where: { shopId: shop.id, vapiCallId: { in: inbound.map((call) => call.id) } },
    select: { vapiCallId: true },
  });
  const known = new Set(recorded.map((session) => session.vapiCallId));
  let unsettledFrom = now.getTime() - LISTING_LAG_MS;
  for (const call of inbound) {
    // A call with a record is the record's to reconcile (above).
    if (known.has(call.id)) continue;
    const outcome = await applyAsReport(shop, call, now).catch((error: unknown) => {
      logger.warn("Could not record a call found at Vapi; it is tried again", { shopId: shop.id, vapiCallId: call.id, error });
      return "waiting" as const;
    });
    if (outcome === "waiting") unsettledFrom = Math.min(unsettledFrom, Date.parse(call.createdAt));
    if (outcome === "applied") {
      result.recovered++;
      logger.warn("A call with no record was found at Vapi and recorded", { shopId: shop.id, vapiCallId: call.id });
    }
  }
  if (!complete) logger.error("The shop's line has more calls since its mark than one sweep lists: listed again from the same point", { shopId: shop.id });
  await prisma.shop.updateMany({
    where: { id: shop.id },
    data: { callSweepAt: now, callSweepFrom: complete ? new Date(Math.max(from.getTime(), unsettledFrom)) : from },
  });
}
