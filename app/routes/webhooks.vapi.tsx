// Vapi server messages (resource route): reads the body within its limit and
// hands it to the handler (app/vapi/webhook-handler.server.ts). In the
// running servers, POST /webhooks/vapi is answered by the same handler ahead
// of Remix (app/web/vapi-webhook-route.ts); this route answers the other
// methods, paths only Remix matches to it (percent-encoded ones), and the
// route tests.
import type { ActionFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { bodyTooLarge } from "../http/body-limit.server";
import { BodyTooLargeError, MAX_WEBHOOK_BODY_BYTES, readBodyWithLimit } from "../vapi/webhook-body.server";
import { handleVapiWebhook } from "../vapi/webhook-handler.server";

export const loader = () => json({ error: "Vapi posts server messages here." }, { status: 405 });

export const action = async ({ request }: ActionFunctionArgs) => {
  if (request.method !== "POST") return json({ error: "POST only" }, { status: 405 });
  let raw: Buffer;
  try {
    raw = await readBodyWithLimit(request);
  } catch (error) {
    if (error instanceof BodyTooLargeError) return json(bodyTooLarge(MAX_WEBHOOK_BODY_BYTES), { status: 413 });
    return json({ error: "could not read the body" }, { status: 400 });
  }
  const answer = await handleVapiWebhook(request.headers, raw);
  return json(answer.body, { status: answer.status });
};
