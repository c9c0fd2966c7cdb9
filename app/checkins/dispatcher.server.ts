// The dispatcher: places one check-in call at its time, from the shop's
// receptionist number (a saved assistant: Vapi sends no webhook credentials
// for transient ones). A duplicate or late delivery does nothing (the claim
// is a conditional update), and a call is never placed after its grace period.
import type { Vapi } from "@vapi-ai/server-sdk";
import prisma from "../db.server";
import { env } from "../env.server";
import { logger } from "../observability/logger.server";
import { isVoiceName, voiceByName } from "../receptionist/voices";
import { vapiClient } from "../vapi/client.server";
import { AppError } from "../vapi/errors";
import { withVapiRetry, type RetryOptions } from "../vapi/retry";
import { claimJob, markFailed, restoreUnwithdrawnJob, withdrawVapiCall, markMissed, markPlaced } from "./job-control.server";

/** Calls this job already placed since `since` (its metadata carries the job id). */
async function findPlacedCall(phoneNumberId: string, callJobId: string, since: Date): Promise<Vapi.Call | undefined> {
  const calls = await vapiClient().calls.list({ phoneNumberId, createdAtGe: new Date(since.getTime() - 60_000).toISOString(), limit: 100 });
  return calls.find((call) => call.assistantOverrides?.metadata?.callJobId === callJobId);
}

export type DispatchOutcome = "placed" | "not-pending" | "not-due" | "missed" | "failed";

/** pg-boss may start a dispatch a little early (clocks, polling): earlier than this is a stale dispatch. */
const NOT_DUE_TOLERANCE_MS = 5_000;

export interface DispatchOptions extends RetryOptions {
  now?: Date;
  /** pg-boss aborts it when the job expired: then no call may be placed. */
  signal?: AbortSignal;
}

export async function dispatchCallJob(callJobId: string, options: DispatchOptions = {}): Promise<DispatchOutcome> {
  const now = options.now ?? new Date();
  const job = await prisma.callJob.findUnique({ where: { id: callJobId }, include: { callSettings: true, shop: true } });
  if (!job || job.status !== "queued") return "not-pending";
  // A dispatch of a job that a schedule change moved later: the job's own dispatch comes at its time.
  if (job.scheduledForUtc.getTime() - now.getTime() > NOT_DUE_TOLERANCE_MS) return "not-due";

  const lateByMs = now.getTime() - job.scheduledForUtc.getTime();
  if (lateByMs > env.CHECKIN_GRACE_MINUTES * 60 * 1000) {
    await markMissed(job.id, `Not placed within ${env.CHECKIN_GRACE_MINUTES} minutes of its time (${Math.round(lateByMs / 60000)} minutes late)`);
    logger.warn("Check-in call missed", { callJobId, lateByMs });
    return "missed";
  }

  const { callSettings: settings, shop } = job;
  const claimed = await claimJob(job.id);
  if (!claimed) return "not-pending";
  if (!settings?.active) {
    await markFailed(job.id, ["scheduled"], "The schedule is no longer active");
    return "failed";
  }
  if (shop.receptionistStatus !== "active" || !shop.assistantId || !shop.phoneNumberId) {
    await markFailed(job.id, ["scheduled"], "The AI receptionist is not set up: check-in calls are placed from its number");
    return "failed";
  }

  const request: Vapi.CreateCallDto = {
    assistantId: shop.assistantId,
    phoneNumberId: shop.phoneNumberId,
    customer: { number: settings.phoneE164 },
    name: `Check-in ${job.localDate}`,
    assistantOverrides: {
      firstMessage: `Hi! This is your scheduled check-in call from ${shop.name}. How is everything going today?`,
      metadata: { shopId: shop.id, callJobId: job.id },
      ...(settings.voiceId && isVoiceName(settings.voiceId)
        ? { voice: { provider: "11labs", voiceId: voiceByName(settings.voiceId).voiceId } }
        : {}),
    },
  };
  const placingSince = new Date();
  try {
    const call = await withVapiRetry(
      { operation: "place check-in call", shopId: shop.id },
      async (attempt) => {
        if (options.signal?.aborted) throw new AppError("TIMEOUT", "The dispatch expired before the call was placed");
        // A timed-out attempt may have placed the call (POST /call has no
        // idempotency key): look for it before dialling again.
        if (attempt > 1) {
          const placed = await findPlacedCall(shop.phoneNumberId!, job.id, placingSince);
          if (placed) return placed;
        }
        return vapiClient().calls.create(request);
      },
      options,
    );
    const id = "id" in call ? call.id : undefined;
    if (!id) throw new AppError("VAPI_REJECTED", "Vapi accepted the call but returned no call id");
    const { count } = await markPlaced(job.id, id);
    // A webhook of this very call may have linked it first (by its metadata).
    const linkedByWebhook = count === 0 && (await prisma.callJob.findUnique({ where: { id: job.id } }))?.vapiCallId === id;
    if (count === 0 && !linkedByWebhook) {
      // Canceled while Vapi was placing it: cancelJob could not withdraw a
      // call whose id it did not know yet, so withdraw it here. One that
      // already rings is a real call: its job says so again.
      if (await withdrawVapiCall(id, shop.id)) {
        logger.info("Check-in call withdrawn: its job was canceled while it was being placed", { callJobId, vapiCallId: id });
        return "not-pending";
      }
      await restoreUnwithdrawnJob(job.id, id);
      return "placed";
    }
    logger.info("Check-in call placed", { callJobId, vapiCallId: id, to: settings.phoneE164 });
    return "placed";
  } catch (error) {
    const message = error instanceof AppError ? error.message : "Placing the call failed";
    await markFailed(job.id, ["scheduled"], message);
    logger.error("Check-in call could not be placed", { callJobId, error });
    return "failed";
  }
}
