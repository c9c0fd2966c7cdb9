// Vapi server messages for every shop's assistant, as a function of the
// request's headers and raw body: the route (app/routes/webhooks.vapi.tsx)
// and the express server's direct route (app/web/express-app.ts) both answer
// with it. The shop is the one owning the call's assistant or phone number,
// never one named in the payload, and only that shop's own secret is
// accepted (401 with nothing written otherwise). Bad input gets a 400 with a
// reason, a failure to store a 503 so Vapi retries; never any other 5xx.
import type { Shop } from "@prisma/client";
import { offlineSessionId, withPreloadedSession } from "../auth/session-storage.server";
import { recordEndOfCallReport, recordStatusUpdate, type RecordOutcome } from "../calls/call-records.server";
import { env } from "../env.server";
import { logger, newCorrelationId, withCorrelationId } from "../observability/logger.server";
import { answerToolCalls } from "../receptionist/tools/answer-tool-calls.server";
import { answerTransferDestinationRequest } from "../receptionist/tools/transfer-destination.server";
import { callOwner, forgetCallOwner, stillOwnsCall, stillOwnsCallWithSession } from "./call-owner.server";
import { callOwnerIds, parseServerMessage, type CallOwnerIds, type HandledMessage } from "./server-messages";
import {
  forgetSignature,
  settleSignature,
  SIGNATURE_HEADER,
  TIMESTAMP_HEADER,
  useSignature,
  verifyHmac,
  type HeaderReader,
  type SignatureClaim,
} from "./webhook-auth.server";
import { checkShopSecret } from "./webhook-secrets.server";

/** A JSON answer: the status and what goes in the body. */
export interface JsonAnswer {
  status: number;
  body: unknown;
}

export type VapiWebhookHandler = (headers: HeaderReader, raw: Buffer) => Promise<JsonAnswer>;

const answer = (status: number, body: unknown): JsonAnswer => ({ status, body });

const unauthorized = (reason: string) => {
  logger.warn(`Vapi webhook refused: ${reason}`);
  return answer(401, { error: "unauthorized" });
};

/** One POST to /webhooks/vapi, its body already read (raw bytes: signatures are computed over them). */
export const handleVapiWebhook: VapiWebhookHandler = (headers, raw) =>
  withCorrelationId(newCorrelationId(), async () => {
    const secret = headers.get("x-vapi-secret");
    if (!secret) return unauthorized("missing X-Vapi-Secret");
    // With HMAC on, a message with neither signature header may still be one Vapi could not sign: a secret sent to it
    // without the credential (an assistant set up, or a call placed, before HMAC was turned on) serves it (checkShopSecret).
    const unsigned = Boolean(env.VAPI_WEBHOOK_HMAC_SECRET) && !headers.get(SIGNATURE_HEADER) && !headers.get(TIMESTAMP_HEADER);
    const hmac = env.VAPI_WEBHOOK_HMAC_SECRET && !unsigned ? verifyHmac(headers, raw, env.VAPI_WEBHOOK_HMAC_SECRET) : null;
    if (hmac && !hmac.ok) return unauthorized(hmac.reason);

    let body: unknown;
    try {
      body = JSON.parse(raw.toString("utf8"));
    } catch {
      return answer(400, { error: "malformed JSON" });
    }

    let signatureRecorded: SignatureClaim | null = null;
    try {
      const ids = callOwnerIds(body);
      let owner = await callOwner(ids);
      if (!owner) return unauthorized("no installed shop owns the call's assistant or number");
      let check = await checkShopSecret(owner.shop, secret, new Date(), owner.secrets, { unsigned });
      if (!check.ok) {
        // A secret issued since the shop was cached (a new outbound call's, a new assistant's): look again once.
        owner = await callOwner(ids, { fresh: true });
        if (!owner) return unauthorized("no installed shop owns the call's assistant or number");
        check = await checkShopSecret(owner.shop, secret, new Date(), owner.secrets, { unsigned });
        if (!check.ok) return unauthorized(`${check.reason} (${owner.shop.domain})`);
      }
      if (hmac?.ok) {
        const seen = await useSignature(hmac.signature);
        if (seen.use === "replay") return unauthorized("signature already used (replay)");
        // The same delivery, still being handled elsewhere: Vapi tries again, and then it is handled or was left by a dead handler.
        if (seen.use === "in-flight") return answer(503, { error: "this delivery is being handled; retry" });
        signatureRecorded = seen.claim;
      }

      const answered = await answerMessage(owner.shop, ids, body);
      // Handled (whatever the answer): the same signed delivery again is a replay now.
      if (signatureRecorded) await settleSignature(signatureRecorded);
      return answered;
    } catch (error) {
      // Storing failed (the database is down, a deadlock...): a 5xx makes
      // Vapi retry (server.backoffPlan), and the retry is deduplicated.
      logger.error("Vapi message could not be stored; answering 503 so Vapi retries", { error });
      if (signatureRecorded) await forgetSignature(signatureRecorded).catch(() => undefined);
      return answer(503, { error: "temporarily unavailable, retry" });
    }
  });

/** The answer to an authenticated message of the shop's. */
async function answerMessage(shop: Shop, ids: CallOwnerIds, body: unknown): Promise<JsonAnswer> {
  const parsed = parseServerMessage(body);
  if (!parsed.ok) return answer(400, { error: parsed.reason });
  const received = parsed.value;
  if (received.kind === "ignored") return answer(200, { ok: true, ignored: received.type });
  const handled = await handle(shop, ids, received);
  if (handled) return handled;
  // The database says the shop no longer owns the call (removed, re-provisioned, uninstalled, perhaps through another instance).
  forgetCallOwner(ids);
  return unauthorized("the shop no longer owns the call's assistant or number");
}

/** The answer, or null when the shop turned out not to own the call any more. */
async function handle(shop: Shop, ids: CallOwnerIds, received: HandledMessage): Promise<JsonAnswer | null> {
  switch (received.kind) {
    case "tool-calls": {
      // Tool calls and transfer requests read the shop's data and write nothing of the call's: they check ownership on their own.
      // A tool call's Admin API query loads the shop's offline session next: it is read with the check, in one statement.
      const session = await stillOwnsCallWithSession(shop, ids);
      if (session === undefined) return null;
      return answer(200, await withPreloadedSession(offlineSessionId(shop.domain), session, () => answerToolCalls(shop, received.message)));
    }
    case "transfer-destination-request":
      if (!(await stillOwnsCall(shop.id, ids))) return null;
      return answer(200, await answerTransferDestinationRequest(shop, received.message.call.id));
    case "status-update":
      return recorded(`status-update ${received.message.status}`, received.message.call.id, await recordStatusUpdate(shop, received.message, ids));
    case "end-of-call-report":
      return recorded("end-of-call-report", received.message.call.id, await recordEndOfCallReport(shop, received.message, ids));
  }
}

function recorded(what: string, callId: string, outcome: RecordOutcome): JsonAnswer | null {
  if (outcome === "not-owner") return null;
  // 409 is final for Vapi (server.backoffPlan): another shop's call id is never merged.
  if (outcome === "foreign") return answer(409, { error: "this call id belongs to another shop's call" });
  logger.info(`${what}: ${outcome}`, { callId });
  return answer(200, { ok: true, outcome });
}
