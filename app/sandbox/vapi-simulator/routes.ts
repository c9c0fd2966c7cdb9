// The REST API the app reaches through the SDK: assistants, phone numbers,
// calls and webhook credentials, with Vapi's paths, status codes and shapes.
import { randomUUID } from "node:crypto";
import type { CallManager } from "./calls";
import { HttpError, badRequest, isRecord, notFound } from "./http";
import { newestFirst, type SimulatorStore } from "./store";
import type { SimAssistant, SimCall, SimCredential, SimPhoneNumber } from "./types";
import {
  validateAssistant,
  validateCallCreate,
  validateCredentialCreate,
  validatePhoneNumberCreate,
  validatePhoneNumberUpdate,
  type ValidationContext,
} from "./validation";

// Free Vapi numbers are never toll-free.
const TOLL_FREE_AREA_CODES = new Set(["800", "888", "877", "866", "855", "844", "833"]);
// Codes offered in the "Hint: Try one of ..." message, when not made unavailable.
const HINT_AREA_CODES = ["562", "662", "716", "341", "628", "945", "726", "539"];
const DEFAULT_LIST_LIMIT = 100;

export interface ApiContext {
  store: SimulatorStore;
  calls: CallManager;
  orgId: string;
  validation: ValidationContext;
  unavailableAreaCodes: ReadonlySet<string>;
  /** Starts the activating -> active transition of a new number. */
  activate(phoneNumber: SimPhoneNumber): void;
}

export interface ApiRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  body: unknown;
}

export interface ApiReply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

type Handler = (ctx: ApiContext, req: ApiRequest, id: string) => ApiReply;

const ROUTES: Array<[method: string, path: RegExp, handler: Handler]> = [
  ["POST", /^\/assistant$/, createAssistant],
  ["GET", /^\/assistant$/, (ctx, req) => ok(list(ctx.store.assistants.values(), req.query))],
  ["GET", /^\/assistant\/([^/]+)$/, (ctx, _req, id) => ok(find(ctx.store.assistants, id, "Assistant"))],
  ["PATCH", /^\/assistant\/([^/]+)$/, updateAssistant],
  ["DELETE", /^\/assistant\/([^/]+)$/, (ctx, _req, id) => ok(remove(ctx.store.assistants, id, "Assistant"))],
  ["POST", /^\/phone-number$/, createPhoneNumber],
  ["GET", /^\/phone-number$/, (ctx, req) => ok(list(ctx.store.phoneNumbers.values(), req.query))],
  ["GET", /^\/phone-number\/([^/]+)$/, (ctx, _req, id) => ok(find(ctx.store.phoneNumbers, id, "Phone number"))],
  ["PATCH", /^\/phone-number\/([^/]+)$/, updatePhoneNumber],
  ["DELETE", /^\/phone-number\/([^/]+)$/, (ctx, _req, id) => ok(remove(ctx.store.phoneNumbers, id, "Phone number"))],
  ["POST", /^\/call$/, createCall],
  ["GET", /^\/call$/, (ctx, req) => ok(list(ctx.store.calls.values(), req.query, ["id", "assistantId", "phoneNumberId"]))],
  ["GET", /^\/call\/([^/]+)$/, (ctx, _req, id) => ok(find(ctx.store.calls, id, "Call"))],
  ["DELETE", /^\/call\/([^/]+)$/, deleteCall],
  ["POST", /^\/credential$/, createCredential],
  ["GET", /^\/credential$/, (ctx, req) => ok(list(ctx.store.credentials.values(), req.query))],
  ["GET", /^\/credential\/([^/]+)$/, (ctx, _req, id) => ok(find(ctx.store.credentials, id, "Credential"))],
  ["DELETE", /^\/credential\/([^/]+)$/, (ctx, _req, id) => ok(remove(ctx.store.credentials, id, "Credential"))],
];

/** Answers one authenticated API request; throws HttpError for 4xx answers. */
export function handleApi(ctx: ApiContext, req: ApiRequest): ApiReply {
  for (const [method, pattern, handler] of ROUTES) {
    const match = method === req.method ? pattern.exec(req.path) : null;
    if (match) return handler(ctx, req, decodeURIComponent(match[1] ?? ""));
  }
  // NestJS's answer for an unknown route.
  throw new HttpError(404, `Cannot ${req.method} ${req.path}`);
}

function createAssistant(ctx: ApiContext, req: ApiRequest): ApiReply {
  const body = objectBody(req);
  const errors = validateAssistant(body, ctx.validation);
  if (errors.length) throw badRequest(errors);
  const now = new Date().toISOString();
  // Validated above: the fields the simulator reads have the types SimAssistant declares.
  const assistant: SimAssistant = { ...(withoutNulls(body) as Partial<SimAssistant>), id: randomUUID(), orgId: ctx.orgId, createdAt: now, updatedAt: now };
  ctx.store.assistants.set(assistant.id, assistant);
  return created(assistant);
}

/** PATCH replaces whole top-level fields (no deep merge), as Vapi does; null removes a field. */
function updateAssistant(ctx: ApiContext, req: ApiRequest, id: string): ApiReply {
  const existing = find(ctx.store.assistants, id, "Assistant");
  const body = objectBody(req);
  const errors = validateAssistant(body, ctx.validation);
  if (errors.length) throw badRequest(errors);
  const updated = patch(existing, body);
  ctx.store.assistants.set(id, updated);
  return ok(updated);
}

function createPhoneNumber(ctx: ApiContext, req: ApiRequest): ApiReply {
  const body = objectBody(req);
  const errors = validatePhoneNumberCreate(body, ctx.validation);
  if (errors.length) throw badRequest(errors);
  const areaCode = String(body.numberDesiredAreaCode);
  if (!/^[2-9]\d{2}$/.test(areaCode) || TOLL_FREE_AREA_CODES.has(areaCode) || ctx.unavailableAreaCodes.has(areaCode)) {
    const hints = HINT_AREA_CODES.filter((code) => !ctx.unavailableAreaCodes.has(code)).slice(0, 3);
    throw badRequest(`This area code is currently not available. Hint: Try one of ${hints.join(", ")}.`);
  }
  requireAssistant(ctx, body.assistantId);
  const now = new Date().toISOString();
  const phoneNumber: SimPhoneNumber = {
    ...(withoutNulls(body) as Partial<SimPhoneNumber>),
    provider: "vapi",
    id: randomUUID(),
    orgId: ctx.orgId,
    status: "activating",
    createdAt: now,
    updatedAt: now,
  };
  ctx.store.phoneNumbers.set(phoneNumber.id, phoneNumber);
  ctx.activate(phoneNumber);
  return created(phoneNumber);
}

function updatePhoneNumber(ctx: ApiContext, req: ApiRequest, id: string): ApiReply {
  const existing = find(ctx.store.phoneNumbers, id, "Phone number");
  const body = objectBody(req);
  const errors = validatePhoneNumberUpdate(body, ctx.validation);
  if (errors.length) throw badRequest(errors);
  requireAssistant(ctx, body.assistantId);
  const updated = patch(existing, body);
  ctx.store.phoneNumbers.set(id, updated);
  return ok(updated);
}

function createCall(ctx: ApiContext, req: ApiRequest): ApiReply {
  const body = objectBody(req);
  const errors = validateCallCreate(body, ctx.validation);
  if (errors.length) throw badRequest(errors);
  // Validated above: required ids are strings, customer and schedulePlan are well-formed.
  const dto = body as Pick<SimCall, "assistantId" | "phoneNumberId" | "customer" | "name" | "schedulePlan" | "assistantOverrides">;
  requireAssistant(ctx, dto.assistantId);
  const phoneNumber = ctx.store.phoneNumbers.get(String(dto.phoneNumberId));
  if (!phoneNumber) throw badRequest(`Phone number ${dto.phoneNumberId} not found.`);
  if (phoneNumber.status !== "active") {
    throw badRequest(`Phone number ${phoneNumber.id} is not active yet (status: ${phoneNumber.status}).`);
  }

  const now = new Date().toISOString();
  const scheduled = dto.schedulePlan !== undefined && Date.parse(dto.schedulePlan.earliestAt) > Date.now();
  const call: SimCall = {
    id: randomUUID(),
    orgId: ctx.orgId,
    type: "outboundPhoneCall",
    status: scheduled ? "scheduled" : "queued",
    phoneCallProvider: "vapi",
    phoneCallTransport: "pstn",
    assistantId: dto.assistantId,
    phoneNumberId: dto.phoneNumberId,
    customer: dto.customer,
    ...(dto.name !== undefined ? { name: dto.name } : {}),
    ...(dto.schedulePlan !== undefined ? { schedulePlan: dto.schedulePlan } : {}),
    ...(dto.assistantOverrides !== undefined ? { assistantOverrides: dto.assistantOverrides } : {}),
    createdAt: now,
    updatedAt: now,
  };
  ctx.store.calls.set(call.id, call);
  ctx.calls.place(call);
  return created(call);
}

/** A scheduled call is canceled and kept (ended, "scheduled-call-deleted"); any other call's record is deleted. */
function deleteCall(ctx: ApiContext, _req: ApiRequest, id: string): ApiReply {
  const call = find(ctx.store.calls, id, "Call");
  if (call.status === "scheduled") {
    ctx.calls.cancelScheduled(call);
    return ok(call);
  }
  ctx.store.calls.delete(id);
  return ok(call);
}

function createCredential(ctx: ApiContext, req: ApiRequest): ApiReply {
  const body = objectBody(req);
  const errors = validateCredentialCreate(body);
  if (errors.length) throw badRequest(errors);
  const now = new Date().toISOString();
  // Validated above: a webhook credential with an hmac or bearer plan.
  const dto = body as Pick<SimCredential, "name" | "authenticationPlan">;
  const credential: SimCredential = {
    id: randomUUID(),
    orgId: ctx.orgId,
    provider: "webhook",
    ...(dto.name !== undefined ? { name: dto.name } : {}),
    authenticationPlan: dto.authenticationPlan,
    createdAt: now,
    updatedAt: now,
  };
  ctx.store.credentials.set(credential.id, credential);
  return created(credential);
}

function requireAssistant(ctx: ApiContext, assistantId: unknown): void {
  if (typeof assistantId === "string" && !ctx.store.assistants.has(assistantId)) {
    throw badRequest(`Assistant ${assistantId} not found.`);
  }
}

function objectBody(req: ApiRequest): Record<string, unknown> {
  if (req.body === undefined) return {};
  if (!isRecord(req.body)) throw badRequest("body must be a JSON object");
  return req.body;
}

function withoutNulls(body: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(body).filter(([, value]) => value !== null));
}

function patch<T extends { updatedAt: string }>(existing: T, body: Record<string, unknown>): T {
  const updated: T = { ...existing, ...withoutNulls(body), updatedAt: new Date().toISOString() };
  for (const [key, value] of Object.entries(body)) {
    if (value === null) Reflect.deleteProperty(updated, key);
  }
  return updated;
}

function find<T>(records: ReadonlyMap<string, T>, id: string, kind: string): T {
  const record = records.get(id);
  if (!record) throw notFound(`${kind} not found`);
  return record;
}

function remove<T>(records: Map<string, T>, id: string, kind: string): T {
  const record = find(records, id, kind);
  records.delete(id);
  return record;
}

const DATE_FILTERS: Array<[param: string, field: "createdAt" | "updatedAt", test: (a: number, b: number) => boolean]> = [
  ["createdAtGt", "createdAt", (a, b) => a > b],
  ["createdAtLt", "createdAt", (a, b) => a < b],
  ["createdAtGe", "createdAt", (a, b) => a >= b],
  ["createdAtLe", "createdAt", (a, b) => a <= b],
  ["updatedAtGt", "updatedAt", (a, b) => a > b],
  ["updatedAtLt", "updatedAt", (a, b) => a < b],
  ["updatedAtGe", "updatedAt", (a, b) => a >= b],
  ["updatedAtLe", "updatedAt", (a, b) => a <= b],
];

/** Vapi's list query: limit (default 100), createdAt/updatedAt bounds, and per-resource equality filters. */
function list<T extends { createdAt: string; updatedAt: string }>(
  records: Iterable<T>,
  query: URLSearchParams,
  equalityFilters: Array<keyof T & string> = [],
): T[] {
  let result = newestFirst(records);
  for (const [param, field, test] of DATE_FILTERS) {
    const bound = query.get(param);
    if (bound !== null) result = result.filter((r) => test(Date.parse(r[field]), Date.parse(bound)));
  }
  for (const field of equalityFilters) {
    const wanted = query.get(field);
    if (wanted !== null) result = result.filter((r) => r[field] === wanted);
  }
  const limit = Number(query.get("limit") ?? DEFAULT_LIST_LIMIT);
  return result.slice(0, Number.isFinite(limit) && limit > 0 ? limit : DEFAULT_LIST_LIMIT);
}

function ok(body: unknown): ApiReply {
  return { status: 200, body: structuredClone(body) };
}

function created(body: unknown): ApiReply {
  return { status: 201, body: structuredClone(body) };
}
