// Sentry, for real, against a loopback stand-in for Sentry's ingest endpoint:
// an error log line arrives as an event with its context and ids, the event
// carries the ORIGINAL error's stack (the thrower's frames, not the logger's)
// and its cause, repeated identical errors are sent once, and no full phone
// number or secret is in anything sent.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { gunzipSync } from "node:zlib";
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
      const body = Buffer.concat(chunks);
      received.push((request.headers["content-encoding"] === "gzip" ? gunzipSync(body) : body).toString("utf8"));
      response.writeHead(200).end("{}");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  process.env.SENTRY_DSN = `http://publickey@127.0.0.1:${(server.address() as AddressInfo).port}/1`;
  logger = await import("./logger.server");
  sentry = await import("./sentry.server");
  expect(sentry.initSentry()).toBe(true);
});

afterAll(() => new Promise((resolve) => server.close(resolve)));

interface Frame {
  function?: string;
  filename?: string;
}
interface SentryException {
  type: string;
  value: string;
  stacktrace?: { frames: Frame[] };
}

/** The events in what the endpoint received (envelopes: one JSON item per line). */
function events(): {
  exception?: { values: SentryException[] };
  message?: string;
  tags?: Record<string, string>;
  contexts?: Record<string, unknown>;
  extra?: Record<string, unknown>;
}[] {
  return received
    .flatMap((envelope) => envelope.split("\n"))
    .filter((line) => line.startsWith("{"))
    .map((line) => JSON.parse(line) as Record<string, unknown>)
    .filter((item) => "exception" in item || ("message" in item && "level" in item)) as ReturnType<typeof events>;
}

function dialCustomer(): never {
  throw new Error("dial +14155550123: busy");
}
function placeCheckinCall(): never {
  try {
    dialCustomer();
  } catch (cause) {
    throw new Error("The check-in call could not be placed", { cause });
  }
}

it("sends error lines with their context and masked phone numbers", async () => {
  received.length = 0;
  logger.withCorrelationId("req-42", () =>
    logger.logger.error("Calling +14155550123 failed", {
      shopId: "shop-1",
      attempt: 3,
      totalAttempts: 3,
      type: "max_retries_exceeded",
      elapsedMs: 2345,
      customer: { phone: "+1 (415) 555-0123" },
      accessToken: "shpat_0123456789abcdef",
      error: new Error("dial +14155550123: busy"),
    }),
  );
  await sentry.flushSentry(5000);

  const payload = received.join("\n");
  expect(payload).toContain("+1-415-***-****");
  expect(payload).not.toMatch(/415\D{0,3}555\D{0,3}0123/);
  expect(payload).not.toContain("0123456789abcdef");
  expect(payload).toContain('"correlationId":"req-42"');
  expect(payload).toContain('"shopId":"shop-1"');
  expect(payload).toContain('"elapsedMs":2345');
});

it("the event carries the original error: the thrower's stack, and its cause with its own stack", async () => {
  received.length = 0;
  let thrown: unknown;
  try {
    placeCheckinCall();
  } catch (error) {
    thrown = error;
  }
  logger.withRequestId("req-77", () => logger.logger.error("Check-in call could not be placed", { callJobId: "job-1", error: thrown }));
  await sentry.flushSentry(5000);

  const [event] = events();
  expect(event.tags).toMatchObject({ requestId: "req-77", correlationId: "req-77" });
  const values = event.exception!.values;
  // Sentry lists the cause first and the error that was logged last.
  const logged = values[values.length - 1];
  const cause = values.find((value) => value.value.startsWith("dial"));
  expect(logged.value).toBe("The check-in call could not be placed");
  const loggedFrames = logged.stacktrace!.frames.map((frame) => frame.function ?? "");
  // Sentry orders frames oldest first: the last frame is where the error was made.
  expect(loggedFrames[loggedFrames.length - 1]).toBe("placeCheckinCall");
  expect(loggedFrames.some((name) => /write|logger|report/i.test(name))).toBe(false);
  expect(logged.stacktrace!.frames.some((frame) => frame.filename?.includes("observability/logger.server"))).toBe(false);
  expect(cause?.value).toBe("dial +1-415-***-****: busy");
  const causeFrames = cause!.stacktrace!.frames.map((frame) => frame.function ?? "");
  expect(causeFrames[causeFrames.length - 1]).toBe("dialCustomer");
});

it("identical errors in a burst are sent once", async () => {
  received.length = 0;
  for (let i = 0; i < 25; i++) {
    logger.logger.error("Job queue error", { error: Object.assign(new Error("Connection terminated unexpectedly"), { code: "57P01" }) });
  }
  logger.logger.error("Job queue error", { error: new Error("another error") });
  await sentry.flushSentry(5000);
  // The transport sends events concurrently: their order on arrival is not theirs.
  expect(
    events()
      .map((event) => event.exception?.values.at(-1)?.value)
      .sort(),
  ).toEqual(["Connection terminated unexpectedly", "another error"]);
});
