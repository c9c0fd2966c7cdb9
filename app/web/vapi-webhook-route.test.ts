// The express server's direct route for Vapi's messages, over real HTTP on
// loopback: what the handler is given (raw bytes, headers read like fetch's),
// bodies past the limit with and without a declared length, and a handler
// that throws. What the handler answers is tested through the route and the
// fuzz (app/routes/webhooks.vapi*.test.ts), which also sends every body here.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { JsonAnswer, VapiWebhookHandler } from "../vapi/webhook-handler.server";
import { MAX_WEBHOOK_BODY_BYTES } from "../vapi/webhook-body.server";
import { createWebAppFront } from "./express-app";
import { nodeHeaders } from "./vapi-webhook-route";

let seen: Array<{ secret: string | null; custom: string | null; missing: string | null; raw: Buffer }> = [];
let answer: () => Promise<JsonAnswer> = async () => ({ status: 200, body: { ok: true } });
const handler: VapiWebhookHandler = async (headers, raw) => {
  seen.push({ secret: headers.get("X-Vapi-Secret"), custom: headers.get("x-custom"), missing: headers.get("x-missing"), raw });
  return answer();
};

let server: http.Server;
let port: number;
beforeAll(async () => {
  server = createWebAppFront(handler).listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));

interface Sent {
  status: number;
  connection: string | undefined;
  contentType: string | undefined;
  body: string;
}

/** POSTs `chunks` (chunked: no Content-Length unless `length` is given) on `agent`. */
function post(
  chunks: Buffer[],
  { agent, length, headers = {} }: { agent?: http.Agent; length?: number; headers?: http.OutgoingHttpHeaders } = {},
): Promise<Sent> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      {
        host: "127.0.0.1",
        port,
        method: "POST",
        path: "/webhooks/vapi",
        agent,
        headers: { "Content-Type": "application/json", ...(length === undefined ? {} : { "Content-Length": length }), ...headers },
      },
      (response) => {
        let body = "";
        response.setEncoding("utf8");
        response.on("data", (chunk: string) => (body += chunk));
        response.on("end", () =>
          resolve({ status: response.statusCode ?? 0, connection: response.headers.connection, contentType: response.headers["content-type"], body }),
        );
      },
    );
    request.on("error", reject);
    for (const chunk of chunks) request.write(chunk);
    request.end();
  });
}

describe("nodeHeaders reads a node request's headers as fetch's Headers.get does", () => {
  it.each([
    ["a header, any case", { "x-vapi-secret": "s3cret" }, "X-VAPI-SECRET", "s3cret"],
    ["a missing header", {}, "x-vapi-secret", null],
    ["a repeated header, joined", { "x-forwarded-for": ["10.0.0.1", "10.0.0.2"] }, "X-Forwarded-For", "10.0.0.1, 10.0.0.2"],
    ["an empty value", { "x-vapi-secret": "" }, "x-vapi-secret", ""],
  ])("%s", (_label, headers, name, expected) => {
    expect(nodeHeaders({ headers } as unknown as http.IncomingMessage).get(name)).toBe(expected);
  });
});

describe("POST /webhooks/vapi", () => {
  it("hands the handler the body's bytes as sent (chunked or not) and its headers, and answers its JSON", async () => {
    seen = [];
    // Bytes that a decode/encode round trip would change: a lone surrogate's UTF-8 and a split multi-byte character.
    const bytes = Buffer.concat([Buffer.from('{"a":"'), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from("🙂"), Buffer.from('"}')]);
    const split = [bytes.subarray(0, 8), bytes.subarray(8)];
    for (const sent of [await post(split, { headers: { "X-Vapi-Secret": "s3cret", "X-Custom": "one" } }), await post([bytes], { length: bytes.length })]) {
      expect(sent).toMatchObject({ status: 200, contentType: "application/json; charset=utf-8", body: '{"ok":true}' });
    }
    expect(seen.map((entry) => entry.raw.equals(bytes))).toEqual([true, true]);
    expect(seen[0]).toMatchObject({ secret: "s3cret", custom: "one", missing: null });
    expect(seen[1].secret).toBeNull();
  });

  it.each([
    ["just past the limit, chunked", [Buffer.alloc(MAX_WEBHOOK_BODY_BYTES + 1, 120)], undefined],
    ["far past it (20x), chunked", Array.from({ length: 20 }, () => Buffer.alloc(MAX_WEBHOOK_BODY_BYTES, 120)), undefined],
    ["declared past the limit", [Buffer.alloc(MAX_WEBHOOK_BODY_BYTES + 1, 120)], MAX_WEBHOOK_BODY_BYTES + 1],
  ])("answers a body %s with 413 and Connection: close, without calling the handler; the next delivery is served", async (_label, chunks, length) => {
    seen = [];
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const refused = await post(chunks, { agent, length });
      expect(refused).toMatchObject({ status: 413, connection: "close" });
      expect(JSON.parse(refused.body)).toEqual({ error: "body too large", limitBytes: MAX_WEBHOOK_BODY_BYTES });
      expect(seen).toEqual([]);
      expect(await post([Buffer.from("{}")], { agent })).toMatchObject({ status: 200 });
      expect(seen).toHaveLength(1);
    } finally {
      agent.destroy();
    }
  });

  it("answers a handler that throws with a 500 in JSON, and serves the next request", async () => {
    answer = async () => {
      throw new Error("a bug");
    };
    try {
      const failed = await post([Buffer.from("{}")]);
      expect(failed).toMatchObject({ status: 500, contentType: "application/json; charset=utf-8" });
      expect(JSON.parse(failed.body)).toEqual({ error: "internal error" });
    } finally {
      answer = async () => ({ status: 200, body: { ok: true } });
    }
    expect(await post([Buffer.from("{}")])).toMatchObject({ status: 200 });
  });
});
