// Vapi server messages for every shop's assistant (resource route).
// The shop is the one owning the call's assistant or phone number, never one
// named in the payload, and only that shop's own secret is accepted (401
// with nothing written otherwise). Bad input gets a 400 with a reason, a
// failure to store a 503 so Vapi retries; never any other 5xx.
import type { ActionFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import type { Shop } from "@prisma/client";
import prisma from "../db.server";
import { env } from "../env.server";
import { recordEndOfCallReport, recordStatusUpdate, type RecordOutcome } from "../calls/call-records.server";
import { logger, newCorrelationId, withCorrelationId } from "../observability/logger.server";
import { answerToolCalls } from "../receptionist/tools/answer-tool-calls.server";
import { answerTransferDestinationRequest } from "../receptionist/tools/transfer-destination.server";
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
      const shop = await shopOwningCall(callOwnerIds(body));
      if (!shop) return unauthorized("no installed shop owns the call's assistant or number");
      const check = await checkShopSecret(shop, secret);
      if (!check.ok) return unauthorized(`${check.reason} (${shop.domain})`);
      if (hmac?.ok) {
        if (!(await firstUseOfSignature(hmac.signature))) return unauthorized("signature already used (replay)");
        signatureRecorded = hmac.signature;
      }

      const parsed = parseServerMessage(body);
      if (!parsed.ok) return json({ error: parsed.reason }, { status: 400 });
      const received = parsed.value;
      if (received.kind === "ignored") return json({ ok: true, ignored: received.type });
      return await handle(shop, received);
    } catch (error) {
      // Storing failed (the database is down, a deadlock...): a 5xx makes
      // Vapi retry (server.backoffPlan), and the retry is deduplicated.
      logger.error("Vapi message could not be stored; answering 503 so Vapi retries", { error });
      if (signatureRecorded) await forgetSignature(signatureRecorded).catch(() => undefined);
      return json({ error: "temporarily unavailable, retry" }, { status: 503 });
    }
  });

async function handle(shop: Shop, received: HandledMessage) {
  switch (received.kind) {
    case "tool-calls":
      return json(await answerToolCalls(shop, received.message));
    case "transfer-destination-request":
      return json(await answerTransferDestinationRequest(shop, received.message.call.id));
    case "status-update":
      return recorded(`status-update ${received.message.status}`, received.message.call.id, await recordStatusUpdate(shop, received.message));
    case "end-of-call-report":
      return recorded("end-of-call-report", received.message.call.id, await recordEndOfCallReport(shop, received.message));
  }
}

function recorded(what: string, callId: string, outcome: RecordOutcome) {
  // 409 is final for Vapi (server.backoffPlan): another shop's call id is never merged.
  if (outcome === "foreign") return json({ error: "this call id belongs to another shop's call" }, { status: 409 });
  logger.info(`${what}: ${outcome}`, { callId });
  return json({ ok: true, outcome });
}

/**
 * The shop whose assistant or phone number the call belongs to. When the
 * two point at different shops, the call is nobody's: no data is served.
 */
async function shopOwningCall({ assistantId, phoneNumberId }: CallOwnerIds): Promise<Shop | null> {
  if (!assistantId && !phoneNumberId) return null;
  const shops = await prisma.shop.findMany({
    where: {
      uninstalledAt: null,
      OR: [...(assistantId ? [{ assistantId }] : []), ...(phoneNumberId ? [{ phoneNumberId }] : [])],
    },
    take: 2,
  });
  return shops.length === 1 ? shops[0] : null;
}
