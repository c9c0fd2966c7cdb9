// The logger as production writes it (JSON lines) and as development reads
// it (one pretty line per event): ids from the async context, both stacks of
// an error with a cause, the original error handed to the reporter, levels
// split between stdout and stderr, and a real database outage (a Prisma
// client pointed at a closed port) written as a bounded number of lines.
import net from "node:net";
import { Writable } from "node:stream";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@prisma/client";
import { afterEach, describe, expect, it } from "vitest";
import { createLogger, setErrorReporter, withCorrelationId, withRequestId, type ErrorReport, type LoggerOptions } from "./logger.server";

function sink() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(...String(chunk).split("\n").filter(Boolean));
      done();
    },
  });
  return { stream, lines };
}

function capturingLogger(options: Partial<LoggerOptions> = {}) {
  const out = sink();
  const err = sink();
  const logger = createLogger({ format: "json", level: "debug", out: out.stream, err: err.stream, ...options });
  const json = () => [...out.lines, ...err.lines].map((line) => JSON.parse(line) as Record<string, unknown>);
  return { logger, out: out.lines, err: err.lines, json };
}

afterEach(() => setErrorReporter(undefined));

function loadShop(): never {
  throw Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" });
}
function placeCall(): never {
  try {
    loadShop();
  } catch (cause) {
    throw new Error("Could not place the check-in call to +13125550187", { cause });
  }
}

describe("JSON lines (production)", () => {
  it("an error logged with a cause shows both stacks in its one JSON line", () => {
    const { logger, err, out } = capturingLogger();
    let thrown: unknown;
    try {
      placeCall();
    } catch (error) {
      thrown = error;
    }
    logger.error("Check-in call could not be placed", { callJobId: "job-1", error: thrown });
    expect(out).toEqual([]);
    expect(err).toHaveLength(1);
    const line = JSON.parse(err[0]) as {
      level: string;
      message: string;
      callJobId: string;
      error: { message: string; stack: string; cause: { code: string; stack: string } };
    };
    expect(line).toMatchObject({ level: "error", message: "Check-in call could not be placed", callJobId: "job-1" });
    expect(line.error.message).toBe("Could not place the check-in call to +1-312-***-****");
    expect(line.error.stack).toMatch(/^Error: Could not place the check-in call to \+1-312-\*\*\*-\*\*\*\*\n\s+at placeCall /);
    expect(line.error.cause.stack).toMatch(/^Error: connect ECONNREFUSED 127\.0\.0\.1:5432\n\s+at loadShop /);
    expect(line.error.cause.code).toBe("ECONNREFUSED");
    expect(err[0]).not.toContain("5550187");
  });

  it("carries the request id and the correlation id on every line inside them", async () => {
    const { logger, json } = capturingLogger();
    logger.info("outside");
    await withRequestId("req-1", async () => {
      logger.info("in the request");
      await withCorrelationId("provision-9", async () => {
        await new Promise((resolve) => setTimeout(resolve, 5));
        logger.warn("in a unit of work");
      });
      logger.info("back in the request");
    });
    await withCorrelationId("plan-3", async () => logger.info("in a job"));
    expect(json().map(({ message, reqId, correlationId }) => [message, reqId, correlationId])).toEqual(
      expect.arrayContaining([
        ["outside", undefined, undefined],
        ["in the request", "req-1", "req-1"],
        ["in a unit of work", "req-1", "provision-9"],
        ["back in the request", "req-1", "req-1"],
        ["in a job", undefined, "plan-3"],
      ]),
    );
    expect(json()).toHaveLength(5);
  });

  it("one line per event, whatever the message holds; standard fields on each", () => {
    const { logger, out } = capturingLogger();
    logger.info("first line\nsecond line\r\n\u2028third", { note: "a\nb" });
    expect(out).toHaveLength(1);
    const line = JSON.parse(out[0]) as Record<string, unknown>;
    expect(line).toMatchObject({ level: "info", message: "first line\nsecond line\r\n\u2028third", note: "a\nb" });
    expect(new Date(line.time as string).toISOString()).toBe(line.time);
  });

  it.each([
    ["debug", ["debug", "info", "warn", "error"]],
    ["info", ["info", "warn", "error"]],
    ["warn", ["warn", "error"]],
    ["error", ["error"]],
  ] as const)("level %s writes %j, debug and info to stdout, warn and error to stderr", (level, written) => {
    const { logger, out, err, json } = capturingLogger({ level });
    for (const each of ["debug", "info", "warn", "error"] as const) logger[each](`at ${each}`);
    expect(json().map((line) => line.level)).toEqual(written);
    expect(out.length).toBe(written.filter((each) => each === "debug" || each === "info").length);
    expect(err.length).toBe(written.filter((each) => each === "warn" || each === "error").length);
  });

  it("redacts secrets and masks numbers in the context and the message", () => {
    const { logger, out } = capturingLogger();
    logger.info("Admin call for 415-555-0123 with shpat_abcdef0123456789", {
      headers: { Authorization: "Bearer abc.def.ghi", "X-Vapi-Secret": "sandbox-webhook-secret-0123456789" },
      session: { accessToken: "shpat_abcdef0123456789", refreshToken: "shprt_1" },
      customer: { phone: "+1 (415) 555-0123" },
    });
    expect(out[0]).not.toMatch(/abcdef0123456789|abc\.def|webhook-secret|shprt_1|555-0123|5550123/);
    expect(out[0]).toContain("+1-415-***-****");
  });
});

describe("the error reporter (Sentry's hook)", () => {
  it("receives the original error, the sanitized details and the ids", () => {
    const { logger } = capturingLogger();
    const reports: ErrorReport[] = [];
    setErrorReporter((report) => reports.push(report));
    const error = new Error("boom");
    withRequestId("req-7", () => logger.error("Failed", { error, shop: "a.myshopify.com", apiKey: "k" }));
    expect(reports).toHaveLength(1);
    expect(reports[0].error).toBe(error);
    expect(reports[0]).toMatchObject({
      message: "Failed",
      details: { shop: "a.myshopify.com", apiKey: "[redacted]" },
      requestId: "req-7",
      correlationId: "req-7",
    });
    expect("error" in reports[0].details).toBe(false);
  });

  it("a reporter that throws does not lose the line", () => {
    const { logger, err } = capturingLogger();
    setErrorReporter(() => {
      throw new Error("reporter down");
    });
    logger.error("still written");
    expect(err).toHaveLength(1);
  });
});

describe("pretty lines (development)", () => {
  it("one line per event with the correlation id, the message and the context", () => {
    const { logger, out } = capturingLogger({ format: "pretty" });
    withCorrelationId("abc123", () => logger.info("Check-in call placed", { callJobId: "job-1", to: "+13125550187" }));
    expect(out).toHaveLength(1);
    expect(out[0]).toMatch(/INFO.*\[abc123\] Check-in call placed \{.*"callJobId":"job-1".*"to":"\+1-312-\*\*\*-\*\*\*\*"/);
  });
});

describe("a database outage", () => {
  it("a real failing Prisma client, queried 12 times a second for 30 s of clock time: one line per 10 s window", async () => {
    // A port with nothing listening: every query fails with the driver's real error.
    const closed = await new Promise<number>((resolve) => {
      const probe = net.createServer().listen(0, "127.0.0.1", () => {
        const { port } = probe.address() as net.AddressInfo;
        probe.close(() => resolve(port));
      });
    });
    const prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: `postgresql://app:pw@127.0.0.1:${closed}/app` }) });
    const clock = { now: 0 };
    const { logger, err } = capturingLogger({ now: () => clock.now });
    const reports: ErrorReport[] = [];
    setErrorReporter((report) => reports.push(report));
    let failures = 0;
    try {
      for (clock.now = 0; clock.now < 30_000; clock.now += 83) {
        await prisma.shop.findFirst().catch((error: unknown) => {
          failures++;
          logger.error("Worker heartbeat failed", { error });
        });
      }
    } finally {
      await prisma.$disconnect();
    }
    expect(failures).toBeGreaterThan(300);
    expect(err).toHaveLength(3);
    expect(reports).toHaveLength(3);
    const lines = err.map((line) => JSON.parse(line) as { repeatedSinceLastLine?: number; error: { type: string; message: string } });
    expect(lines[0].repeatedSinceLastLine).toBeUndefined();
    expect(lines[1].repeatedSinceLastLine).toBeGreaterThan(100);
    expect(lines[0].error.message).toMatch(/ECONNREFUSED|connect|Can't reach/i);
  }, 60_000);
});
