// Small node:http helpers: reading JSON bodies and answering the way Vapi's
// NestJS API does ({ message, error, statusCode }).
import { STATUS_CODES, type IncomingMessage, type ServerResponse } from "node:http";

const MAX_BODY_BYTES = 1_000_000;

export interface NestErrorBody {
  message: string | string[];
  error?: string;
  statusCode: number;
}

/** An error answered with a NestJS-style body. Validation errors carry a list of messages, others one string. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly messages: string | string[],
  ) {
    super(Array.isArray(messages) ? messages.join("; ") : messages);
  }

  body(): NestErrorBody {
    return nestErrorBody(this.status, this.messages);
  }
}

export const badRequest = (messages: string | string[]) => new HttpError(400, messages);
export const notFound = (message: string) => new HttpError(404, message);

export function nestErrorBody(status: number, message?: string | string[]): NestErrorBody {
  const error = STATUS_CODES[status] ?? "Error";
  // NestJS answers unhandled errors with { statusCode: 500, message: "Internal server error" } and no `error`.
  if (status === 500 && message === undefined) return { message: "Internal server error", statusCode: 500 };
  return { message: message ?? error, error, statusCode: status };
}

export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > MAX_BODY_BYTES) throw new HttpError(413, "request entity too large");
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/** Empty bodies count as absent (the SDK sends none on GET). */
export function parseJsonBody(raw: string): unknown {
  if (raw.trim() === "") return undefined;
  try {
    return JSON.parse(raw) as unknown;
  } catch (error) {
    throw badRequest(error instanceof Error ? error.message : "Invalid JSON body");
  }
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  // The client may have given up already (e.g. an SDK timeout during a delay fault).
  if (res.destroyed || res.writableEnded) return;
  const text = body === undefined ? "" : JSON.stringify(body);
  res.writeHead(status, {
    ...headers,
    ...(text ? { "content-type": "application/json; charset=utf-8" } : {}),
    "content-length": Buffer.byteLength(text),
  });
  res.end(text);
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function isLoopback(address: string | undefined): boolean {
  return address === "127.0.0.1" || address === "::1" || address === "::ffff:127.0.0.1";
}
