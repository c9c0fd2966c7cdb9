// Vapi server messages for every shop's assistant (resource route).
// Authentication comes first (401 with nothing read or written); bad input
// gets a 400 with a reason, never a 5xx; the shop is the one owning the
// call's assistant or phone number, never one named in the payload.
import type { ActionFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import prisma from "../db.server";
import { env } from "../env.server";
import { recordEndOfCallReport, recordStatusUpdate, type RecordOutcome } from "../calls/call-records.server";
import { logger, newCorrelationId, withCorrelationId } from "../observability/logger.server";
import { answerToolCalls } from "../receptionist/tools/answer-tool-calls.server";
import { parseServerMessage, type HandledMessage } from "../vapi/server-messages";
import { authenticateVapiWebhook } from "../vapi/webhook-auth.server";
import { BodyTooLargeError, readBodyWithLimit } from "../vapi/webhook-body.server";

export const loader = () => json({ error: "Vapi posts server messages here." }, { status: 405 });

export const action = async ({ request }: ActionFunctionArgs) =>
  withCorrelationId(newCorrelationId(), async () => {
    if (request.method !== "POST") return json({ error: "POST only" }, { status: 405 });
    let raw: string;
    try {
      raw = await readBodyWithLimit(request);
    } catch (error) {
      if (error instanceof BodyTooLargeError) return json({ error: "body too large" }, { status: 413 });
      return json({ error: "could not read the body" }, { status: 400 });
    }

    const auth = authenticateVapiWebhook(request.headers, raw, { secret: env.VAPI_WEBHOOK_SECRET, hmacSecret: env.VAPI_WEBHOOK_HMAC_SECRET });
    if (!auth.ok) {
      logger.warn(`Vapi webhook refused: ${auth.reason}`);
      return json({ error: "unauthorized" }, { status: 401 });
    }

    let body: unknown;
    try {
      body = JSON.parse(raw);
    } catch {
      return json({ error: "malformed JSON" }, { status: 400 });
    }
    const parsed = parseServerMessage(body);
    if (!parsed.ok) return json({ error: parsed.reason }, { status: 400 });
    const received = parsed.value;
    if (received.kind === "ignored") return json({ ok: true, ignored: received.type });

    try {
      return await handle(received);
    } catch (error) {
      // Storing failed (the database is down, a deadlock...): a 5xx makes
      // Vapi retry (server.backoffPlan), and the retry is deduplicated.
      logger.error("Vapi message could not be stored; answering 503 so Vapi retries", { type: received.message.type, callId: received.message.call.id, error });
      return json({ error: "temporarily unavailable, retry" }, { status: 503 });
    }
  });

async function handle(received: HandledMessage) {
  const shop = await shopOwningCall(received);
  if (!shop) {
    logger.warn(`Vapi ${received.kind} for a call of no known shop`, { callId: received.message.call.id });
    return received.kind === "tool-calls" ? json({ error: "unknown assistant" }, { status: 404 }) : json({ ok: true, ignored: "unknown assistant" });
  }

  switch (received.kind) {
    case "tool-calls":
      return json(await answerToolCalls(shop, received.message));
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
async function shopOwningCall({ message }: HandledMessage) {
  const assistantId = message.call.assistantId ?? undefined;
  const phoneNumberId = message.call.phoneNumberId ?? message.phoneNumber?.id ?? undefined;
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
