// The access log: one line per HTTP request (method, URL, status, time) from
// pino-http, through the app's logger, and the request id (the load
// balancer's X-Request-Id when it sends a sane one, else a new one) on the
// access line and on every line the request's loaders and actions write.
//
// The URL keeps its query string, but the values of parameters that carry
// credentials are replaced (id_token, the session token the admin adds to
// every embedded page; hmac, signature, code, state, session, ...: see
// log-sanitize.ts), and phone numbers in it are masked. Headers are not
// logged at all (Authorization, Cookie, X-Vapi-Secret live there).
import type { IncomingMessage, ServerResponse } from "node:http";
import { pinoHttp } from "pino-http";
import { sanitizeText } from "./log-sanitize";
import { logger, newCorrelationId, withRequestId, type Logger } from "./logger.server";

const SANE_REQUEST_ID = /^[\w.:-]{1,64}$/;

const omitted = () => undefined;

type Request = IncomingMessage & { originalUrl?: string; id?: unknown };

/** The URL as the access log writes it. */
export function accessLogUrl(url: string | undefined): string {
  return sanitizeText(decoded(url ?? ""));
}

// Decoded so that an encoded number or token ("%2B1415...", "id%5Ftoken") is seen as one.
function decoded(url: string): string {
  try {
    return decodeURIComponent(url);
  } catch {
    return url;
  }
}

function requestId(req: IncomingMessage, res: ServerResponse): string {
  const incoming = req.headers["x-request-id"];
  const id = typeof incoming === "string" && SANE_REQUEST_ID.test(incoming) ? incoming : newCorrelationId();
  res.setHeader("x-request-id", id);
  return id;
}

const summary = (req: Request, res: ServerResponse) => `${req.method} ${accessLogUrl(req.originalUrl ?? req.url)} ${res.statusCode}`;

const fields = (req: Request, res: ServerResponse, responseTime: number) => ({
  method: req.method,
  url: accessLogUrl(req.originalUrl ?? req.url),
  statusCode: res.statusCode,
  responseTime,
});

type Middleware = (req: IncomingMessage, res: ServerResponse, next: () => void) => void;

/** Access-log middleware writing through `target` (the app's logger; a test's own). */
export function createHttpLogger(target: Logger): Middleware {
  const accessLog = pinoHttp<Request, ServerResponse>({
    logger: target.pino,
    genReqId: requestId,
    quietReqLogger: true, // the request's bindings are its id only, not the whole request with its headers
    quietResLogger: true,
    wrapSerializers: false,
    // The access line's fields are the ones below; the request and response objects are never written. pino-http still
    // binds the request to a child logger it makes for every request, and stringifying a whole IncomingMessage there
    // was about 5 % of the web's CPU under load (issue 17's profile): these make that binding nothing.
    serializers: { req: omitted, res: omitted },
    customAttributeKeys: { reqId: "reqId" },
    customLogLevel: (_req, res, error) => (error || res.statusCode >= 500 ? "error" : res.statusCode >= 400 ? "warn" : "info"),
    customSuccessMessage: summary,
    customErrorMessage: summary,
    customSuccessObject: (req, res, value: { responseTime: number }) => fields(req, res, value.responseTime),
    // pino-http makes up an Error for any 5xx ("failed with status code 500"): the real
    // one was logged where it happened (entry.server.tsx), so the access line has the status only.
    customErrorObject: (req, res, _error, value: { responseTime: number }) => fields(req, res, value.responseTime),
  });
  return (req, res, next) => {
    accessLog(req, res);
    withRequestId(String((req as Request).id), next);
  };
}

/** Express/connect middleware: `app.use(httpLogger)`, before the routes. */
export const httpLogger: Middleware = createHttpLogger(logger);
