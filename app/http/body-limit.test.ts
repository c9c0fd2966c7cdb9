// A real HTTP server and client on loopback: an oversized body gets its 413
// (not a connection reset), the connection is closed, and the next delivery
// on a new connection succeeds. 20 in a row, as the issue measured.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, expect, it } from "vitest";
import { refuseOversizedBody } from "./body-limit.server";

const LIMIT = 64 * 1024;
let server: http.Server;
let port: number;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    if (refuseOversizedBody(req, res, { limit: LIMIT })) return;
    req.resume();
    req.on("end", () => res.end("ok"));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

function post(size: number, agent: http.Agent): Promise<{ status: number; connection: string | undefined; body: string }> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      { host: "127.0.0.1", port, method: "POST", path: "/webhooks/vapi", agent, headers: { "Content-Length": size } },
      (response) => {
        let body = "";
        response.setEncoding("utf8");
        response.on("data", (chunk: string) => (body += chunk));
        response.on("end", () => resolve({ status: response.statusCode ?? 0, connection: response.headers.connection, body }));
      },
    );
    request.on("error", reject);
    request.end(Buffer.alloc(size, 120));
  });
}

it.each([
  ["drained (4x the limit)", 4 * LIMIT],
  ["far too large to drain (20x)", 20 * LIMIT],
])("answers an oversized body %s with 413 and Connection: close, then serves the next delivery", async (_label, size) => {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  try {
    for (let round = 0; round < 20; round++) {
      const refused = await post(size, agent);
      expect(refused).toMatchObject({ status: 413, connection: "close" });
      expect(JSON.parse(refused.body)).toEqual({ error: "body too large", limitBytes: LIMIT });
      expect(await post(100, agent)).toMatchObject({ status: 200, body: "ok" });
    }
  } finally {
    agent.destroy();
  }
});
