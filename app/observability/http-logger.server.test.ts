// The access log on a real express server on loopback: one line per request
// with method, URL, status and time; the session token in an embedded page's
// query and every credential header kept out; the request id on the access
// line, in the response header and on every line the handler writes, also
// with many requests in flight at once.
import type { AddressInfo } from "node:net";
import type http from "node:http";
import { Writable } from "node:stream";
import express from "express";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { accessLogUrl, createHttpLogger } from "./http-logger.server";
import { createLogger } from "./logger.server";

const lines: Record<string, unknown>[] = [];
const capture = new Writable({
  write(chunk, _encoding, done) {
    for (const line of String(chunk).split("\n").filter(Boolean)) lines.push(JSON.parse(line) as Record<string, unknown>);
    done();
  },
});
const logger = createLogger({ format: "json", level: "debug", out: capture, err: capture });

const JWT = "eyJhbGciOiJIUzI1NiJ9.eyJkZXN0IjoiaHR0cHM6Ly9zYW5kYm94LWRlbW8ubXlzaG9waWZ5LmNvbSJ9.c2lnbmF0dXJl";
let server: http.Server;
let base: string;

beforeAll(async () => {
  const app = express();
  app.use(createHttpLogger(logger));
  app.get("/app", async (req, res) => {
    await new Promise((resolve) => setTimeout(resolve, Number(req.query.wait ?? 0)));
    logger.info(`loader for ${String(req.query.n ?? "")}`);
    res.send("ok");
  });
  app.get("/boom", (_req, res) => {
    logger.error("the loader failed", { error: new Error("boom") });
    res.status(500).send("no");
  });
  server = app.listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));

const access = () => lines.filter((line) => typeof line.statusCode === "number");

describe("the access log", () => {
  it("an embedded page request: one line, the id_token and the credential headers kept out", async () => {
    lines.length = 0;
    const response = await fetch(`${base}/app?embedded=1&shop=sandbox-demo.myshopify.com&host=YWRtaW4&id_token=${JWT}`, {
      headers: { Authorization: `Bearer ${JWT}`, "X-Vapi-Secret": "sandbox-webhook-secret-0123456789", Cookie: "session=abc123cookie" },
    });
    expect(response.status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(access()).toHaveLength(1);
    const [line] = access();
    expect(line).toMatchObject({
      level: "info",
      method: "GET",
      url: "/app?embedded=1&shop=sandbox-demo.myshopify.com&host=YWRtaW4&id_token=[redacted]",
      statusCode: 200,
      message: "GET /app?embedded=1&shop=sandbox-demo.myshopify.com&host=YWRtaW4&id_token=[redacted] 200",
    });
    expect(typeof line.responseTime).toBe("number");
    const everything = JSON.stringify(lines);
    for (const secret of ["eyJhbGciOiJIUzI1NiJ9", "c2lnbmF0dXJl", "webhook-secret", "abc123cookie"]) expect(everything).not.toContain(secret);
    // The handler's line carries the same request id as the access line and the response header.
    const handlerLine = lines.find((each) => each.message === "loader for ");
    expect(handlerLine?.reqId).toBe(line.reqId);
    expect(response.headers.get("x-request-id")).toBe(line.reqId);
  });

  it.each([
    ["a load balancer's sane id is kept", "lb-7f3a.1:2", true],
    ["an id with spaces and markup is replaced", "bad id <script>", false],
    ["an overlong id is replaced", "x".repeat(65), false],
  ])("%s", async (_name, incoming, kept) => {
    lines.length = 0;
    const response = await fetch(`${base}/app`, { headers: { "X-Request-Id": incoming } });
    await response.text();
    await new Promise((resolve) => setTimeout(resolve, 20));
    const id = response.headers.get("x-request-id");
    expect(id === incoming).toBe(kept);
    expect(id).toMatch(/^[\w.:-]{1,64}$/);
    expect(access()[0].reqId).toBe(id);
  });

  it("a 5xx is an error line, a 404 a warning; the access line does not repeat the error", async () => {
    lines.length = 0;
    await (await fetch(`${base}/boom`)).text();
    await (await fetch(`${base}/missing?token=abc`)).text();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(access().map((line) => [line.level, line.url, line.statusCode])).toEqual([
      ["error", "/boom", 500],
      ["warn", "/missing?token=[redacted]", 404],
    ]);
    expect(access()[0].err).toBeUndefined();
    const handlerError = lines.find((line) => line.message === "the loader failed");
    expect(handlerError?.reqId).toBe(access()[0].reqId);
  });

  it("40 requests in flight at once: each handler line carries its own request's id", async () => {
    lines.length = 0;
    const responses = await Promise.all(
      Array.from({ length: 40 }, async (_, n) => {
        const response = await fetch(`${base}/app?n=${n}&wait=${(n * 7) % 30}`);
        await response.text();
        return { n, id: response.headers.get("x-request-id") };
      }),
    );
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(new Set(responses.map((each) => each.id)).size).toBe(40);
    for (const { n, id } of responses) {
      expect(lines.find((line) => line.message === `loader for ${n}`)?.reqId).toBe(id);
      expect(access().find((line) => String(line.url).startsWith(`/app?n=${n}&`))?.reqId).toBe(id);
    }
  });
});

describe("accessLogUrl", () => {
  it.each([
    ["/app?embedded=1&id_token=a.b.c", "/app?embedded=1&id_token=[redacted]"],
    [
      "/auth/callback?code=abc&hmac=def&shop=s.myshopify.com&state=x&timestamp=1",
      "/auth/callback?code=[redacted]&hmac=[redacted]&shop=s.myshopify.com&state=[redacted]&timestamp=1",
    ],
    ["/webhooks/vapi", "/webhooks/vapi"],
    ["/app?id%5Ftoken=a.b.c&shop=s", "/app?id_token=[redacted]&shop=s"],
    ["/app/calls?phone=%2B14155550123", "/app/calls?phone=+1-415-***-****"],
    ["/app/calls?phone=%2b1%20415%20555%200123", "/app/calls?phone=+1-415-***-****"],
    ["/app/calls?q=4155550123", "/app/calls?q=+1-415-***-****"],
    [undefined, ""],
  ])("%s", (url, logged) => {
    expect(accessLogUrl(url)).toBe(logged);
  });
});
