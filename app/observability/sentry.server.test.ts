// Sentry, for real, against a loopback stand-in for Sentry's ingest endpoint:
// an error log line arrives as an event with its context and correlation id,
// and no full phone number is in what was sent.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, expect, it } from "vitest";

const received: string[] = [];
let server: http.Server;
let logger: typeof import("./logger.server");
let sentry: typeof import("./sentry.server");

beforeAll(async () => {
  server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      received.push(Buffer.concat(chunks).toString("utf8"));
      response.writeHead(200).end("{}");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  process.env.SENTRY_DSN = `http://publickey@127.0.0.1:${(server.address() as AddressInfo).port}/1`;
  logger = await import("./logger.server");
  sentry = await import("./sentry.server");
});

afterAll(() => new Promise((resolve) => server.close(resolve)));

it("sends error lines with their context and masked phone numbers", async () => {
  expect(sentry.initSentry()).toBe(true);
  logger.withCorrelationId("req-42", () =>
    logger.logger.error("Calling +14155550123 failed", {
      shopId: "shop-1",
      attempt: 3,
      totalAttempts: 3,
      type: "max_retries_exceeded",
      elapsedMs: 2345,
      customer: { phone: "+1 (415) 555-0123" },
      error: new Error("dial +14155550123: busy"),
    }),
  );
  await sentry.flushSentry(5000);

  const payload = received.join("\n");
  expect(payload).toContain("+1-415-***-****");
  expect(payload).not.toMatch(/415\D{0,3}555\D{0,3}0123/);
  expect(payload).toContain('"correlationId":"req-42"');
  expect(payload).toContain('"shopId":"shop-1"');
  expect(payload).toContain('"elapsedMs":2345');
});
