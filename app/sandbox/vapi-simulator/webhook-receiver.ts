// A loopback HTTP server that stands in for the app's webhook endpoint in
// tests: it records every server message the simulator sends and answers with
// whatever the test decides (e.g. tool-call results).
import http, { type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";

export interface ReceivedWebhook {
  headers: IncomingHttpHeaders;
  /** Exactly the bytes received, for signature checks. */
  rawBody: string;
  /** `body.message`, the Vapi server message. */
  message: Record<string, unknown>;
  receivedAt: number;
}

export interface WebhookReply {
  status?: number;
  body?: unknown;
}

export type WebhookResponder = (webhook: ReceivedWebhook) => WebhookReply | Promise<WebhookReply>;

export interface WebhookReceiver {
  url: string;
  received: ReceivedWebhook[];
  /** Resolves with the first received (or future) webhook matching the predicate. */
  waitFor(predicate: (webhook: ReceivedWebhook) => boolean, timeoutMs?: number): Promise<ReceivedWebhook>;
  close(): Promise<void>;
}

export async function startWebhookReceiver(respond: WebhookResponder = () => ({})): Promise<WebhookReceiver> {
  const received: ReceivedWebhook[] = [];
  const waiters = new Set<() => void>();

  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const rawBody = Buffer.concat(chunks).toString("utf8");
    let message: Record<string, unknown> = {};
    try {
      const parsed: unknown = JSON.parse(rawBody);
      if (typeof parsed === "object" && parsed !== null && "message" in parsed && typeof parsed.message === "object" && parsed.message !== null) {
        message = { ...parsed.message };
      }
    } catch {
      // Recorded with an empty message; the test sees rawBody.
    }
    const webhook: ReceivedWebhook = { headers: req.headers, rawBody, message, receivedAt: Date.now() };
    received.push(webhook);
    for (const wake of waiters) wake();
    const reply = await respond(webhook);
    const text = JSON.stringify(reply.body ?? {});
    res.writeHead(reply.status ?? 200, { "content-type": "application/json" }).end(text);
  });

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}/webhooks/vapi`,
    received,
    waitFor(predicate, timeoutMs = 5_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = received.find(predicate);
          if (!found) return;
          cleanup();
          resolve(found);
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`No matching webhook within ${timeoutMs} ms; got: ${received.map((w) => w.message.type).join(", ")}`));
        }, timeoutMs);
        const cleanup = () => {
          clearTimeout(timer);
          waiters.delete(check);
        };
        waiters.add(check);
        check();
      });
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
