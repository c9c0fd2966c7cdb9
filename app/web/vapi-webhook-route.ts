// POST /webhooks/vapi served by express itself, ahead of Remix: the busiest
// route (every status update, report and tool call of every shop's calls)
// skips Remix's translation of the node request into a fetch Request, its
// route matching and its response streaming, which took about a fifth of the
// web's CPU under load (issue 17's profile). The answer comes from the same
// handler the Remix route uses (app/vapi/webhook-handler.server.ts), taken
// from the server build so the process has one copy of its state (the shop
// cache, the database pools).
import type { IncomingMessage, ServerResponse } from "node:http";
import { bodyTooLarge, DRAIN_FACTOR } from "../http/body-limit.server";
import { logger } from "../observability/logger.server";
import type { HeaderReader } from "../vapi/webhook-auth.server";
import type { JsonAnswer, VapiWebhookHandler } from "../vapi/webhook-handler.server";

export const VAPI_WEBHOOK_PATH = "/webhooks/vapi";

/** Reads a node request's headers the way a fetch `Headers` does (lower-case names, repeated values joined). */
export function nodeHeaders(req: IncomingMessage): HeaderReader {
  return {
    get(name) {
      const value = req.headers[name.toLowerCase()];
      return value === undefined ? null : Array.isArray(value) ? value.join(", ") : value;
    },
  };
}

/**
 * The body as raw bytes, or "too-large" once it passes `limit` (read on, up
 * to a bound, so the 413 reaches the client before the close). A declared
 * oversized length never gets here: refuseOversizedBodies answers it first.
 */
export function readNodeBody(req: IncomingMessage, limit: number): Promise<Buffer | "too-large"> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
      else if (size > DRAIN_FACTOR * limit) {
        req.pause();
        resolve("too-large");
      }
    });
    req.on("end", () => resolve(size > limit ? "too-large" : Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

function sendJson(res: ServerResponse, { status, body }: JsonAnswer, extraHeaders: Record<string, string> = {}) {
  const text = JSON.stringify(body);
  res.writeHead(status, { "Content-Type": "application/json; charset=utf-8", "Content-Length": Buffer.byteLength(text), ...extraHeaders });
  res.end(text);
}

/** The express handler for POST /webhooks/vapi. */
export function vapiWebhookRoute(handler: VapiWebhookHandler, { limit }: { limit: number }) {
  return (req: IncomingMessage, res: ServerResponse) => {
    readNodeBody(req, limit)
      .then(
        async (raw) => {
          if (raw === "too-large") {
            sendJson(res, { status: 413, body: bodyTooLarge(limit) }, { Connection: "close" });
            res.on("finish", () => req.socket.end());
            return;
          }
          sendJson(res, await handler(nodeHeaders(req), raw));
        },
        () => {
          if (!res.headersSent) sendJson(res, { status: 400, body: { error: "could not read the body" } }, { Connection: "close" });
        },
      )
      .catch((error: unknown) => {
        // The handler answers its own failures (503); this is a bug, answered like Remix answers one.
        logger.error("Unhandled error in the Vapi webhook route", { error });
        if (!res.headersSent) sendJson(res, { status: 500, body: { error: "internal error" } });
      });
  };
}
