// The receptionist's resources at Vapi: its assistant and its phone number.
// Creating either is not idempotent at Vapi (no idempotency key), so every
// create is preceded by a look for one an earlier attempt already made (a
// timeout, or a crash before the id was saved): a shop never gets two.
import type { Vapi } from "@vapi-ai/server-sdk";
import { z } from "zod";
import { checkedAnswer, resourceShape } from "../vapi/answer-shapes";
import { listWindow } from "../vapi/listing";
import { vapiClient } from "../vapi/client.server";
import { AppError } from "../vapi/errors";
import { classifyVapiError, isVapiNotFound, withVapiRetry, type RetryOptions } from "../vapi/retry";
import { logger } from "../observability/logger.server";
import { MAX_AREA_CODES_TRIED, unavailableAreaCodeHint, withSuggestions } from "./area-codes";
import type { AssistantUpdate } from "./assistant-config";

/** Resources created after this instant (minus clock skew) may be ours. */
const CLOCK_SKEW_MS = 5 * 60 * 1000;

export interface VapiCallOptions extends RetryOptions {
  shopId: string;
}

// A number the app saves or shows: E.164, as Vapi gives numbers (the storefront
// and the page show it). Lists are checked for ids only: a number the app would
// release must not be hidden by a field it does not need.
const numberShape = resourceShape.extend({
  status: z.string().nullish(),
  number: z
    .string()
    .regex(/^\+[1-9]\d{6,14}$/)
    .nullish(),
});

/** Vapi's filter: resources created since `since`, with room for clock skew. */
function createdSince(since: Date) {
  return new Date(since.getTime() - CLOCK_SKEW_MS).toISOString();
}

/** The account's resources (every shop's) created since `since`; a window too large to read whole is reported. */
async function listSince<T extends { id: string; createdAt: string }>(
  operation: string,
  since: Date,
  fetchPage: (query: { createdAtGe: string; limit: number; createdAtLe?: string }) => Promise<T[]>,
  options: VapiCallOptions,
): Promise<T[]> {
  const createdAtGe = createdSince(since);
  const { entries, complete } = await listWindow({ operation, shopId: options.shopId }, (page) => fetchPage({ createdAtGe, ...page }), options);
  if (!complete) logger.error(`Vapi ${operation}: too many since ${createdAtGe} to read whole; the oldest were not looked at`, { shopId: options.shopId });
  return entries;
}

/** Every assistant whose metadata names this shop, created since `since`, oldest first. */
export async function listShopAssistants(since: Date, options: VapiCallOptions): Promise<Vapi.Assistant[]> {
  const assistants = await listSince("list assistants", since, (query) => vapiClient().assistants.list(query), options);
  return assistants.filter((assistant) => assistant.metadata?.shopId === options.shopId).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
}

/** An assistant whose metadata names this shop, created since `since`. */
export async function findShopAssistant(since: Date, options: VapiCallOptions): Promise<Vapi.Assistant | undefined> {
  return (await listShopAssistants(since, options))[0];
}

export async function createAssistant(config: Vapi.CreateAssistantDto, since: Date, options: VapiCallOptions): Promise<Vapi.Assistant> {
  return withVapiRetry(
    { operation: "create assistant", shopId: options.shopId },
    async (attempt) => {
      // After a timeout the first request may have succeeded: look first.
      if (attempt > 1) {
        const existing = await findShopAssistant(since, options);
        if (existing) return existing;
      }
      return checkedAnswer("create assistant", await vapiClient().assistants.create(config), resourceShape);
    },
    options,
  );
}

/** One PATCH with whole top-level fields (Vapi replaces, it does not merge). */
export async function updateAssistant(assistantId: string, update: AssistantUpdate, options: VapiCallOptions): Promise<Vapi.Assistant> {
  return withVapiRetry(
    { operation: "update assistant", shopId: options.shopId },
    () => vapiClient().assistants.update({ id: assistantId, ...update }),
    options,
  );
}

type VapiNumber = Vapi.ListPhoneNumbersResponseItem;

/** The numbers attached to any of these assistants, created since `since`, oldest first. */
export async function listAssistantNumbers(assistantIds: ReadonlySet<string>, since: Date, options: VapiCallOptions): Promise<VapiNumber[]> {
  const numbers = await listSince("list phone numbers", since, (query) => vapiClient().phoneNumbers.list(query), options);
  return numbers
    .filter((number) => number.assistantId !== undefined && assistantIds.has(number.assistantId))
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt));
}

/** A number already attached to this assistant, created since `since`. */
export async function findAssistantNumber(assistantId: string, since: Date, options: VapiCallOptions): Promise<VapiNumber | undefined> {
  return (await listAssistantNumbers(new Set([assistantId]), since, options))[0];
}

export interface NumberRequest {
  assistantId: string;
  name: string;
  areaCodes: string[];
  since: Date;
}

/**
 * Buys a number for the assistant, trying area codes in turn: the one retry
 * policy per code for transient errors, no retry for "not available", and
 * the codes Vapi suggests right after the code that produced them.
 */
export async function createPhoneNumber(request: NumberRequest, options: VapiCallOptions): Promise<VapiNumber> {
  const tried = new Set<string>();
  let queue = [...request.areaCodes];
  // A create that failed in a way worth retrying (no answer in time, a 5xx, a lost connection) may have bought a
  // number all the same: the assistant's numbers are looked at before every later create, on this area code or the
  // next one (a code that then reads "not available" may be the one whose last number it bought).
  let mayHaveBought = false;
  while (queue.length > 0 && tried.size < MAX_AREA_CODES_TRIED) {
    const areaCode = queue.shift()!;
    tried.add(areaCode);
    try {
      return await withVapiRetry(
        { operation: `create phone number (area code ${areaCode})`, shopId: options.shopId },
        async () => {
          if (mayHaveBought) {
            const existing = await findAssistantNumber(request.assistantId, request.since, options);
            if (existing) return existing;
          }
          const body: Vapi.CreatePhoneNumbersRequest = {
            provider: "vapi",
            numberDesiredAreaCode: areaCode,
            assistantId: request.assistantId,
            name: request.name,
          };
          try {
            return checkedAnswer(`create phone number (area code ${areaCode})`, await vapiClient().phoneNumbers.create(body), numberShape);
          } catch (error) {
            if (classifyVapiError(error).retryable) mayHaveBought = true;
            throw error;
          }
        },
        options,
      );
    } catch (error) {
      const hint = unavailableAreaCodeHint(error instanceof AppError && error.cause ? classifyVapiError(error.cause).detail : "");
      if (!hint.unavailable) throw error;
      logger.info(`Area code ${areaCode} has no numbers${hint.suggested.length ? `; Vapi suggests ${hint.suggested.join(", ")}` : ""}`, {
        shopId: options.shopId,
      });
      queue = withSuggestions(queue, tried, hint.suggested);
    }
  }
  throw new AppError(
    "NO_AVAILABLE_NUMBERS",
    `No phone number was available in area codes ${[...tried].join(", ")}. Try another area code, or try again later.`,
  );
}

export interface ActivationOptions extends VapiCallOptions {
  /** A fixed interval between polls (tests); by default the adaptive schedule below. */
  pollIntervalMs?: number;
  timeoutMs?: number;
}

// Activation usually takes a second or two, and the merchant is watching the
// setup: the number is polled often at first (a poll starts every 25 ms, so
// it is noticed within 25 ms of turning active even though each GET takes
// ~100 ms), then less and less often, bounded: at most 4 polls in flight, and
// after the first 2 s the interval doubles up to one poll a second.
const FAST_POLL_MS = 25;
const FAST_PHASE_MS = 2_000;
const SLOW_POLL_MS = 1_000;
const MAX_POLLS_IN_FLIGHT = 4;

/** The wait before the next poll, `elapsedMs` after polling began (pure). */
export function activationPollDelay(elapsedMs: number): number {
  if (elapsedMs < FAST_PHASE_MS) return FAST_POLL_MS;
  const doublings = Math.floor((elapsedMs - FAST_PHASE_MS) / FAST_PHASE_MS) + 1;
  return Math.min(SLOW_POLL_MS, FAST_POLL_MS * 2 ** doublings);
}

/** Waits until a new number is `active` and has its number. */
export async function waitUntilActive(phoneNumberId: string, options: ActivationOptions): Promise<string> {
  // The polls still in flight when the wait ends are ended with it: their answers would be ignored.
  const polling = new AbortController();
  try {
    return await pollUntilActive(phoneNumberId, { ...options, signal: polling.signal });
  } finally {
    polling.abort();
  }
}

async function pollUntilActive(phoneNumberId: string, options: ActivationOptions): Promise<string> {
  const began = Date.now();
  const deadline = began + (options.timeoutMs ?? 60_000);
  const inFlight = new Set<Promise<void>>();
  // Set by the polls' callbacks (an object: TypeScript does not see writes made in closures).
  const seen: { active: string | null; failure: { error: unknown } | null } = { active: null, failure: null };
  const poll = () => {
    const request = getPhoneNumber(phoneNumberId, options)
      .then(
        (number) => {
          if (number.status === "active" && number.number) seen.active ??= number.number;
          else if (number.status === "blocked")
            seen.failure ??= { error: new AppError("VAPI_REJECTED", "The voice service blocked the new phone number. Please contact support.") };
        },
        (error: unknown) => {
          seen.failure ??= { error };
        },
      )
      .finally(() => inFlight.delete(request));
    inFlight.add(request);
  };

  let nextPollAt = Date.now();
  for (;;) {
    if (Date.now() >= nextPollAt && inFlight.size < MAX_POLLS_IN_FLIGHT) {
      poll();
      nextPollAt = Date.now() + (options.pollIntervalMs ?? activationPollDelay(Date.now() - began));
    }
    // Wakes at the next poll's time, or as soon as a poll answers.
    await Promise.race([new Promise((resolve) => setTimeout(resolve, Math.max(0, nextPollAt - Date.now()))), ...inFlight]);
    if (seen.active) return seen.active;
    if (seen.failure) throw seen.failure.error;
    if (Date.now() >= deadline) {
      // The polls already asked still count: their answers come before the verdict.
      await Promise.all(inFlight);
      const { active, failure } = seen as typeof seen; // written by the polls meanwhile
      if (active) return active;
      if (failure) throw failure.error;
      throw new AppError("NUMBER_ACTIVATION_TIMEOUT", "The new phone number is still activating. Try again in a minute: the same number will be used.");
    }
  }
}

/** Deletes a resource; one that is already gone counts as deleted. */
async function deleteIgnoringNotFound(operation: string, remove: () => Promise<unknown>, options: VapiCallOptions) {
  try {
    await withVapiRetry({ operation, shopId: options.shopId }, remove, options);
  } catch (error) {
    if (isVapiNotFound(error)) return;
    throw error;
  }
}

/** Whether the assistant is still at Vapi (it can be deleted there by hand). */
export async function assistantExists(assistantId: string, options: VapiCallOptions): Promise<boolean> {
  try {
    await withVapiRetry(
      { operation: "get assistant", shopId: options.shopId },
      async () => checkedAnswer("get assistant", await vapiClient().assistants.get({ id: assistantId }), resourceShape),
      options,
    );
    return true;
  } catch (error) {
    if (isVapiNotFound(error)) return false;
    throw error;
  }
}

function getPhoneNumber(phoneNumberId: string, options: VapiCallOptions): Promise<VapiNumber> {
  return withVapiRetry(
    { operation: "get phone number", shopId: options.shopId },
    async () => checkedAnswer("get phone number", await vapiClient().phoneNumbers.get({ id: phoneNumberId }, { abortSignal: options.signal }), numberShape),
    options,
  );
}

/** The number as Vapi has it, or null once it is gone (released, or deleted there by hand). */
export async function findPhoneNumber(phoneNumberId: string, options: VapiCallOptions): Promise<VapiNumber | null> {
  try {
    return await getPhoneNumber(phoneNumberId, options);
  } catch (error) {
    if (isVapiNotFound(error)) return null;
    throw error;
  }
}

/** Points the number at the assistant (one that replaced an assistant deleted at Vapi). */
export async function attachPhoneNumber(phoneNumberId: string, assistantId: string, options: VapiCallOptions): Promise<void> {
  await withVapiRetry(
    { operation: "attach phone number", shopId: options.shopId },
    () => vapiClient().phoneNumbers.update({ id: phoneNumberId, body: { provider: "vapi", assistantId } }),
    options,
  );
}

export function releasePhoneNumber(phoneNumberId: string, options: VapiCallOptions) {
  return deleteIgnoringNotFound("release phone number", () => vapiClient().phoneNumbers.delete({ id: phoneNumberId }), options);
}

export function deleteAssistant(assistantId: string, options: VapiCallOptions) {
  return deleteIgnoringNotFound("delete assistant", () => vapiClient().assistants.delete({ id: assistantId }), options);
}

/** Deletes a call at Vapi with its recording and transcript (a privacy request). */
export function deleteCallRecord(callId: string, options: VapiCallOptions) {
  return deleteIgnoringNotFound("delete call", () => vapiClient().calls.delete({ id: callId }), options);
}
