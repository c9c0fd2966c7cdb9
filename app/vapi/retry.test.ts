// The retry policy against the Vapi simulator, through the real SDK. Waits are
// recorded instead of slept, so the schedule is asserted exactly and fast.
import net from "node:net";
import { VapiClient } from "@vapi-ai/server-sdk";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startVapiSimulator, type VapiSimulator } from "../sandbox/vapi-simulator/server";
import { AppError, ValidationError } from "./errors";
import { backoffDelayMs, classifyVapiError, DEFAULT_RETRY_POLICY, withVapiRetry } from "./retry";

let simulator: VapiSimulator;
let client: VapiClient;
let waits: number[];
const recordSleep = async (ms: number) => {
  waits.push(ms);
};

beforeAll(async () => {
  simulator = await startVapiSimulator();
  client = new VapiClient({ token: simulator.apiKey, baseUrl: simulator.url, maxRetries: 0, timeoutInSeconds: 0.3 });
});
afterAll(() => simulator.close());
beforeEach(() => {
  simulator.reset();
  waits = [];
});

const createAssistant = () =>
  withVapiRetry({ operation: "create assistant", shopId: "shop-1" }, () => client.assistants.create({ name: "Retry test" }), { sleep: recordSleep });
const postsToAssistant = () => simulator.state().requests.filter((request) => request.method === "POST" && request.path === "/assistant");

describe("withVapiRetry", () => {
  it("retries 5xx with 1 s then 2 s backoff and returns the third attempt's result", async () => {
    simulator.fail({ method: "POST", path: "/assistant", status: 500, times: 2 });
    const assistant = await createAssistant();
    expect(assistant.id).toBeTruthy();
    expect(postsToAssistant().map((request) => request.status)).toEqual([500, 500, 201]);
    expect(waits).toEqual([1000, 2000]);
  });

  it("gives up after 3 attempts with a merchant-readable error that keeps the cause", async () => {
    simulator.fail({ method: "POST", path: "/assistant", status: 503, times: 5 });
    const error = await createAssistant().catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: "VAPI_UNAVAILABLE", status: 502 });
    expect((error as AppError).message).toMatch(/try again/);
    expect(postsToAssistant()).toHaveLength(3);
  });

  it("waits at least Retry-After on 429", async () => {
    simulator.fail({ method: "POST", path: "/assistant", status: 429, retryAfterSeconds: 7, times: 1 });
    await createAssistant();
    expect(waits).toEqual([7000]);
  });

  it("gives up at once when Retry-After is longer than it would wait", async () => {
    simulator.fail({ method: "POST", path: "/assistant", status: 429, retryAfterSeconds: 120, times: 1 });
    await expect(createAssistant()).rejects.toMatchObject({ code: "RATE_LIMIT" });
    expect(waits).toEqual([]);
    expect(postsToAssistant()).toHaveLength(1);
  });

  it("backs off longer on 429 without Retry-After", async () => {
    simulator.fail({ method: "POST", path: "/assistant", status: 429, times: 1 });
    await createAssistant();
    expect(waits).toEqual([2000]);
  });

  it("retries a timeout", async () => {
    simulator.fail({ method: "POST", path: "/assistant", delayMs: 1000, times: 1 });
    await createAssistant();
    expect(waits).toEqual([1000]);
    expect(postsToAssistant()).toHaveLength(2);
  });

  it("never retries a validation error from Vapi", async () => {
    const error = await withVapiRetry({ operation: "create assistant" }, () => client.assistants.create({ name: "x".repeat(41) }), {
      sleep: recordSleep,
    }).catch((thrown: unknown) => thrown);
    expect(error).toMatchObject({ code: "VAPI_REJECTED" });
    expect((error as AppError).message).toMatch(/name/);
    expect(postsToAssistant()).toHaveLength(1);
    expect(waits).toEqual([]);
  });

  it("never retries our own ValidationError", async () => {
    let calls = 0;
    const failing = withVapiRetry({ operation: "validate" }, async () => {
      calls++;
      throw new ValidationError("Pick a voice", "voice");
    });
    await expect(failing).rejects.toBeInstanceOf(ValidationError);
    expect(calls).toBe(1);
  });

  it("does not retry a wrong API key", async () => {
    const wrongKey = new VapiClient({ token: "wrong", baseUrl: simulator.url, maxRetries: 0 });
    const error = await withVapiRetry({ operation: "list" }, () => wrongKey.assistants.list(), { sleep: recordSleep }).catch((thrown: unknown) => thrown);
    expect(error).toMatchObject({ code: "VAPI_AUTH_FAILED" });
    expect(waits).toEqual([]);
  });
});

describe("classifyVapiError and backoffDelayMs", () => {
  it("treats connection failures as retryable network errors", () => {
    expect(classifyVapiError(new TypeError("fetch failed"))).toMatchObject({ code: "NETWORK_ERROR", retryable: true });
  });

  /** A loopback server that does `onRequest` to each connection once the request has arrived. */
  const misbehaving = async (onRequest: (socket: net.Socket) => void) => {
    const server = net.createServer((socket) => socket.once("data", () => onRequest(socket)));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    return { url: `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`, close: () => new Promise((resolve) => server.close(resolve)) };
  };
  const sdkFailureAt = async (url: string) =>
    classifyVapiError(await new VapiClient({ token: "key", baseUrl: url, maxRetries: 0 }).calls.create({}).catch((error: unknown) => error));

  it("tells a connection that was never opened (Vapi did nothing) from one lost after the request went out (through the real SDK)", async () => {
    const closed = await misbehaving(() => undefined);
    await closed.close();
    expect(await sdkFailureAt(closed.url)).toMatchObject({
      code: "NETWORK_ERROR",
      retryable: true,
      neverSent: true,
      detail: expect.stringContaining("ECONNREFUSED"),
    });

    for (const lose of [(socket: net.Socket) => socket.resetAndDestroy(), (socket: net.Socket) => socket.end()]) {
      const server = await misbehaving(lose);
      const failure = await sdkFailureAt(server.url);
      await server.close();
      expect(failure).toMatchObject({ code: "NETWORK_ERROR", retryable: true });
      expect(failure.neverSent).toBeUndefined();
    }
  });

  const coded = (code: string, syscall?: string) => Object.assign(new Error(code), { code, ...(syscall ? { syscall } : {}) });
  const fetchFailed = (cause: Error) => new TypeError("fetch failed", { cause });
  it.each([
    ["refused on every address tried", fetchFailed(new AggregateError([coded("ECONNREFUSED", "connect"), coded("ECONNREFUSED", "connect")])), true],
    ["a name that does not resolve", fetchFailed(coded("ENOTFOUND", "getaddrinfo")), true],
    ["a host unreachable when connecting", fetchFailed(coded("EHOSTUNREACH", "connect")), true],
    ["a connect timeout", fetchFailed(coded("UND_ERR_CONNECT_TIMEOUT")), true],
    ["a host unreachable on a connection that carried the request", fetchFailed(coded("EHOSTUNREACH", "read")), false],
    ["refused on one address, reset on another", fetchFailed(new AggregateError([coded("ECONNREFUSED", "connect"), coded("ECONNRESET", "read")])), false],
    ["a socket closed mid-answer", fetchFailed(coded("UND_ERR_SOCKET")), false],
    ["a broken pipe", coded("EPIPE", "write"), false],
    ["no cause at all", new Error("something went wrong"), false],
    ["a non-error", "a string", false],
  ])("%s: never sent is %s", (_, error, neverSent) => {
    expect(classifyVapiError(error).neverSent ?? false).toBe(neverSent);
  });

  it.each([
    [1, "VAPI_UNAVAILABLE", undefined, 1000],
    [2, "VAPI_UNAVAILABLE", undefined, 2000],
    [3, "VAPI_UNAVAILABLE", undefined, 4000],
    [1, "RATE_LIMIT", undefined, 2000],
    [1, "RATE_LIMIT", 9000, 9000],
    [1, "RATE_LIMIT", 120_000, 30_000],
  ] as const)("attempt %i after %s (Retry-After %s ms) waits %i ms", (attempt, code, retryAfterMs, expected) => {
    expect(backoffDelayMs(DEFAULT_RETRY_POLICY, attempt, { code, retryable: true, retryAfterMs, detail: "" })).toBe(expected);
  });
});
