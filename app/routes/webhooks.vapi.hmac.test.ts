// With an HMAC credential configured, a delivery needs the secret AND a fresh
// signature over the raw body bytes, used once (a replay is refused even
// inside the timestamp window, by every instance: the seen signatures are in
// Postgres).
import { beforeAll, describe, expect, it } from "vitest";
import { callRoute, installShop } from "../../tests/support/shopify";
import { hmacHeaders, statusUpdate, vapiWebhookRequest } from "../../tests/support/vapi-messages";

const HMAC_SECRET = "hmac-secret-for-tests-0123456789";
let action: typeof import("./webhooks.vapi").action;
// Imported after the HMAC secret is set: the app reads its environment once, at import.
let prisma: typeof import("../db.server").default;

beforeAll(async () => {
  process.env.VAPI_WEBHOOK_HMAC_SECRET = HMAC_SECRET;
  process.env.VAPI_WEBHOOK_CREDENTIAL_ID = "cred-test-hmac";
  ({ action } = await import("./webhooks.vapi"));
  prisma = (await import("../db.server")).default;
  await installShop("shop-a.myshopify.com", { assistantId: "asst-a", phoneNumberId: "pn-a", receptionistStatus: "active" });
});

const body = JSON.stringify(statusUpdate({ id: "call-h", assistantId: "asst-a", phoneNumberId: "pn-a" }, "ringing"));
const post = (headers: Record<string, string>, raw = body) => callRoute(action, vapiWebhookRequest(raw, { headers }));

describe("HMAC-signed webhooks", () => {
  it("accepts a fresh, correct signature (milliseconds or seconds)", async () => {
    expect((await post(hmacHeaders(body, HMAC_SECRET))).status).toBe(200);
    expect((await post(hmacHeaders(body, HMAC_SECRET, String(Math.floor(Date.now() / 1000))))).status).toBe(200);
  });

  it("refuses a signature made with another key", async () => {
    expect((await post(hmacHeaders(body, "some-other-secret-0123456789"))).status).toBe(401);
  });

  it("refuses a signature over another body (tampering)", async () => {
    const headers = hmacHeaders(body, HMAC_SECRET);
    expect((await post(headers, body.replace("ringing", "ended"))).status).toBe(401);
  });

  it("refuses a stale signature (replay)", async () => {
    const tenMinutesAgo = String(Date.now() - 10 * 60 * 1000);
    expect((await post(hmacHeaders(body, HMAC_SECRET, tenMinutesAgo))).status).toBe(401);
  });

  it("refuses the same signed delivery a second time (replay inside the window)", async () => {
    const signed = JSON.stringify(statusUpdate({ id: "call-replay", assistantId: "asst-a", phoneNumberId: "pn-a" }, "ringing"));
    const headers = hmacHeaders(signed, HMAC_SECRET);
    expect((await post(headers, signed)).status).toBe(200);
    expect((await post(headers, signed)).status).toBe(401);
  });

  describe("a signed delivery whose first copy was not handled to the end", () => {
    const signedFor = (callId: string) => {
      const raw = JSON.stringify(statusUpdate({ id: callId, assistantId: "asst-a", phoneNumberId: "pn-a" }, "ringing"));
      const headers = hmacHeaders(raw, HMAC_SECRET);
      return { raw, headers, signature: headers["x-vapi-signature"] };
    };

    it("the retry of one whose handler died (its signature left unsettled for 30 s) is taken over and stored; then it is a replay", async () => {
      const { raw, headers, signature } = signedFor("call-died");
      await prisma.vapiSeenSignature.create({ data: { signature, seenAt: new Date(Date.now() - 31_000) } });
      expect((await post(headers, raw)).status).toBe(200);
      expect(await prisma.callSession.findUniqueOrThrow({ where: { vapiCallId: "call-died" } })).toMatchObject({ status: "ringing" });
      expect((await post(headers, raw)).status).toBe(401);
    });

    it("a copy arriving while the first is still being handled gets a 503 (Vapi tries again), not a replay's 401, and writes nothing", async () => {
      const { raw, headers, signature } = signedFor("call-in-flight");
      await prisma.vapiSeenSignature.create({ data: { signature, seenAt: new Date(Date.now() - 1_000) } });
      expect((await post(headers, raw)).status).toBe(503);
      expect(await prisma.callSession.count({ where: { vapiCallId: "call-in-flight" } })).toBe(0);
      // The first copy finishes: the next copy is a replay.
      await prisma.vapiSeenSignature.update({ where: { signature }, data: { settledAt: new Date() } });
      expect((await post(headers, raw)).status).toBe(401);
    });

    it("a slow first copy that fails after a later copy took its signature over leaves the later claim standing", async () => {
      const { forgetSignature, settleSignature, useSignature } = await import("../vapi/webhook-auth.server");
      const first = await useSignature("sig-taken-over", new Date(Date.now() - 31_000));
      const second = await useSignature("sig-taken-over");
      if (first.use !== "first" || second.use !== "first") throw new Error(`expected two claims, got ${first.use} and ${second.use}`);
      await forgetSignature(first.claim);
      expect((await useSignature("sig-taken-over")).use).toBe("in-flight");
      await settleSignature(first.claim);
      expect((await useSignature("sig-taken-over")).use).toBe("in-flight");
      await settleSignature(second.claim);
      expect((await useSignature("sig-taken-over")).use).toBe("replay");
    });
  });

  it("verifies over the bytes as sent, not a decoded copy (a byte that is not UTF-8 inside a string)", async () => {
    const [before, after] = JSON.stringify(statusUpdate({ id: "call-bytes", assistantId: "asst-a", phoneNumberId: "pn-a" }, "ringing")).split("ringing");
    const bytes = Buffer.concat([Buffer.from(`${before}ring`), Buffer.from([0xff]), Buffer.from(`ing${after}`)]);
    const response = await callRoute(action, vapiWebhookRequest(bytes, { headers: hmacHeaders(bytes, HMAC_SECRET) }));
    // Signed over the bytes it verifies; the status (not a known one, with U+FFFD) is stored harmlessly.
    expect(response.status).toBe(200);
  });

  it("refuses a delivery without signature headers", async () => {
    expect((await post({})).status).toBe(401);
  });
});
