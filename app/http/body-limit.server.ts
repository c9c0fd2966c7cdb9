// Refuses an oversized request body at the HTTP server, before the app reads
// it, and closes the connection cleanly. Answering 413 while the client is
// still sending and then closing makes the kernel reset the connection
// (unread data), so the client may never see the 413, and a keep-alive
// connection answered 413 without closing carries the rest of the body into
// the next request. Here the body is drained (up to a bound) before the 413
// goes out with `Connection: close`.
//
// Wire it into the server in front of the Remix handler, e.g. for express:
//   app.use(refuseOversizedBodies({ limit: MAX_WEBHOOK_BODY_BYTES }));
// (app/web/express-app.ts, for the production server and the sandbox).
// Chunked bodies without a Content-Length are capped where they are read:
// by the direct Vapi route (app/web/vapi-webhook-route.ts), and by the Remix
// route's streaming reader (app/vapi/webhook-body.server.ts).
import type { IncomingMessage, ServerResponse } from "node:http";

export interface BodyLimitOptions {
  limit: number;
  /** Past this many bytes the body is not drained any more: the connection is cut after the 413. */
  drainLimit?: number;
}

/** How much of an oversized body is read (drained), as a multiple of the limit, before the connection is cut instead. */
export const DRAIN_FACTOR = 8;

/** The 413's body, wherever the limit is enforced. */
export function bodyTooLarge(limit: number) {
  return { error: "body too large", limitBytes: limit };
}

/** True when it answered (413); false when the request may go on to the app. */
export function refuseOversizedBody(req: IncomingMessage, res: ServerResponse, { limit, drainLimit = DRAIN_FACTOR * limit }: BodyLimitOptions): boolean {
  const declared = Number(req.headers["content-length"] ?? "0");
  if (!Number.isFinite(declared) || declared <= limit) return false;

  const answer = () => {
    if (res.headersSent) return;
    const body = JSON.stringify(bodyTooLarge(limit));
    res.writeHead(413, { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(body), Connection: "close" });
    res.end(body);
  };
  if (declared > drainLimit) {
    // Too much to read: answer, then stop reading (the client sees the 413 before the close).
    answer();
    res.on("finish", () => req.socket.end());
    req.pause();
    return true;
  }
  req.on("end", answer);
  req.on("error", () => req.socket.destroy());
  req.resume(); // discard the body, so the close after the 413 is a clean FIN
  return true;
}

/** The same as connect/express middleware. */
export function refuseOversizedBodies(options: BodyLimitOptions) {
  return (req: IncomingMessage, res: ServerResponse, next: () => void) => {
    if (!refuseOversizedBody(req, res, options)) next();
  };
}
