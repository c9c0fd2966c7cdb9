// Vapi server messages for every shop's assistant (resource route).
// The shop is the one owning the call's assistant or phone number, never one
// named in the payload, and only that shop's own secret is accepted (401
// with nothing written otherwise). Bad input gets a 400 with a reason, a
// failure to store a 503 so Vapi retries; never any other 5xx.
import type { ActionFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import type { Shop } from "@prisma/client";
import { env } from "../env.server";
import { recordEndOfCallReport, recordStatusUpdate, type RecordOutcome } from "../calls/call-records.server";
import { logger, newCorrelationId, withCorrelationId } from "../observability/logger.server";
import { answerToolCalls } from "../receptionist/tools/answer-tool-calls.server";
import { answerTransferDestinationRequest } from "../receptionist/tools/transfer-destination.server";
import { callOwner, forgetCallOwner, stillOwnsCall } from "../vapi/call-owner.server";
import { callOwnerIds, parseServerMessage, type CallOwnerIds, type HandledMessage } from "../vapi/server-messages";
import { firstUseOfSignature, forgetSignature, verifyHmac } from "../vapi/webhook-auth.server";
import { BodyTooLargeError, readBodyWithLimit } from "../vapi/webhook-body.server";
import { checkShopSecret } from "../vapi/webhook-secrets.server";

export const loader = () => json({ error: "Vapi posts server messages here." }, { status: 405 });

const unauthorized = (reason: string) => {
  logger.warn(`Vapi webhook refused: ${reason}`);
  return json({ error: "unauthorized" }, { status: 401 });
};

export const action = async ({ request }: ActionFunctionArgs) =>
  withCorrelationId(newCorrelationId(), async () => {
    if (request.method !== "POST") return json({ error: "POST only" }, { status: 405 });
    let raw: Buffer;
    try {
      raw = await readBodyWithLimit(request);
    } catch (error) {
      if (error instanceof BodyTooLargeError) return json({ error: "body too large" }, { status: 413 });
      return json({ error: "could not read the body" }, { status: 400 });
    }

    const secret = request.headers.get("x-vapi-secret");
    if (!secret) return unauthorized("missing X-Vapi-Secret");
    const hmac = env.VAPI_WEBHOOK_HMAC_SECRET ? verifyHmac(request.headers, raw, env.VAPI_WEBHOOK_HMAC_SECRET) : null;
    if (hmac && !hmac.ok) return unauthorized(hmac.reason);

    let body: unknown;
    try {
      body = JSON.parse(raw.toString("utf8"));
    } catch {
      return json({ error: "malformed JSON" }, { status: 400 });
    }

    let signatureRecorded: string | null = null;
    try {
      const ids = callOwnerIds(body);
      let owner = await callOwner(ids);
      if (!owner) return unauthorized("no installed shop owns the call's assistant or number");
      let check = await checkShopSecret(owner.shop, secret, new Date(), owner.secrets);
      if (!check.ok) {
        // A secret issued since the shop was cached (a new outbound call's, a new assistant's): look again once.
        owner = await callOwner(ids, { fresh: true });
        if (!owner) return unauthorized("no installed shop owns the call's assistant or number");
        check = await checkShopSecret(owner.shop, secret, new Date(), owner.secrets);
        if (!check.ok) return unauthorized(`${check.reason} (${owner.shop.domain})`);
      }
      if (hmac?.ok) {
        if (!(await firstUseOfSignature(hmac.signature))) return unauthorized("signature already used (replay)");
        signatureRecorded = hmac.signature;
      }

      const parsed = parseServerMessage(body);
      if (!parsed.ok) return json({ error: parsed.reason }, { status: 400 });
      const received = parsed.value;
      if (received.kind === "ignored") return json({ ok: true, ignored: received.type });
      const answer = await handle(owner.shop, ids, received);
      if (answer) return answer;
      // The database says the shop no longer owns the call (removed, re-provisioned, uninstalled, perhaps through another instance).
      forgetCallOwner(ids);
      return unauthorized("the shop no longer owns the call's assistant or number");
    } catch (error) {
      // Storing failed (the database is down, a deadlock...): a 5xx makes
      // Vapi retry (server.backoffPlan), and the retry is deduplicated.
      logger.error("Vapi message could not be stored; answering 503 so Vapi retries", { error });
      if (signatureRecorded) await forgetSignature(signatureRecorded).catch(() => undefined);
      return json({ error: "temporarily unavailable, retry" }, { status: 503 });
    }
  });

/** The answer, or null when the shop turned out not to own the call any more. */
async function handle(shop: Shop, ids: CallOwnerIds, received: HandledMessage) {
  switch (received.kind) {
    case "tool-calls":
      // Tool calls and transfer requests read the shop's data and write nothing of the call's: they check ownership on their own.
      if (!(await stillOwnsCall(shop.id, ids))) return null;
      return json(await answerToolCalls(shop, received.message));
    case "transfer-destination-request":
      if (!(await stillOwnsCall(shop.id, ids))) return null;
      return json(await answerTransferDestinationRequest(shop, received.message.call.id));
    case "status-update":
      return recorded(`status-update ${received.message.status}`, received.message.call.id, await recordStatusUpdate(shop, received.message, ids));
    case "end-of-call-report":
      return recorded("end-of-call-report", received.message.call.id, await recordEndOfCallReport(shop, received.message, ids));
  }
}

function recorded(what: string, callId: string, outcome: RecordOutcome) {
  if (outcome === "not-owner") return null;
  // 409 is final for Vapi (server.backoffPlan): another shop's call id is never merged.
  if (outcome === "foreign") return json({ error: "this call id belongs to another shop's call" }, { status: 409 });
  logger.info(`${what}: ${outcome}`, { callId });
  return json({ ok: true, outcome });
}
