// Starts calls at the right time (now, or at schedulePlan.earliestAt with a
// real timer), cancels scheduled ones, picks each call's script, and lets
// callers wait for a call to be fully reported.
import { randomUUID } from "node:crypto";
import { functionTools, runCall, type CallRunnerDeps } from "./call-runner";
import { isAbortError, sleep } from "./timing";
import type { CallScript, CallScriptTarget, InboundCallRequest, SimCall } from "./types";
import { isE164 } from "./validation";

interface Completion {
  promise: Promise<SimCall>;
  resolve(call: SimCall): void;
  reject(error: Error): void;
}

function completion(): Completion {
  let resolve!: (call: SimCall) => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<SimCall>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  // Nobody may be waiting when a reset aborts the call; that is not an unhandled rejection.
  promise.catch(() => undefined);
  return { promise, resolve, reject };
}

export interface CallManagerDeps extends CallRunnerDeps {
  orgId: string;
  /** The current lifetime's signal; aborted by reset() and close(). */
  signal(): AbortSignal;
  defaultScript: CallScript;
}

export class CallManager {
  private readonly completions = new Map<string, Completion>();
  /** Per-call abort for the wait until a scheduled call's start time. */
  private readonly pendingStarts = new Map<string, AbortController>();
  private readonly scriptsByCallId = new Map<string, CallScript>();
  private readonly scriptsByNumber = new Map<string, CallScript>();

  constructor(private readonly deps: CallManagerDeps) {}

  setScript(target: CallScriptTarget, script: CallScript): void {
    if ("callId" in target) this.scriptsByCallId.set(target.callId, script);
    else this.scriptsByNumber.set(target.customerNumber, script);
  }

  /** Starts a stored outbound call now (queued) or at schedulePlan.earliestAt (scheduled). */
  place(call: SimCall): void {
    const done = this.track(call.id);
    const startAt = call.status === "scheduled" && call.schedulePlan ? Date.parse(call.schedulePlan.earliestAt) : Date.now();
    const pending = new AbortController();
    this.pendingStarts.set(call.id, pending);
    const signal = this.deps.signal();
    (async () => {
      await sleep(startAt - Date.now(), AbortSignal.any([signal, pending.signal]));
      this.pendingStarts.delete(call.id);
      // Deleted (DELETE /call) while queued: nothing rings.
      const deleted = () => this.deps.store.calls.get(call.id) !== call;
      if (deleted()) return done.resolve(structuredClone(call));
      call.status = "queued";
      const script = this.scriptFor(call);
      if (script.queuedMs) {
        await sleep(script.queuedMs, signal);
        if (deleted()) return done.resolve(structuredClone(call));
      }
      done.resolve(await runCall(this.deps, call, script, signal));
    })().catch((error: unknown) => this.settleFailure(call, done, error));
  }

  /** DELETE of a scheduled call: it ends without ringing, like Vapi's "scheduled-call-deleted". */
  cancelScheduled(call: SimCall): void {
    const now = new Date().toISOString();
    const canceled: Partial<SimCall> = { status: "ended", endedReason: "scheduled-call-deleted", endedAt: now, updatedAt: now };
    Object.assign(call, canceled);
    this.pendingStarts.get(call.id)?.abort();
  }

  /** Validates and starts an inbound call; `done` resolves after its end-of-call-report was delivered. */
  startInbound(request: InboundCallRequest): { call: SimCall; done: Promise<SimCall> } {
    const { store } = this.deps;
    const phoneNumber = [...store.phoneNumbers.values()].find(
      (p) => (request.phoneNumberId !== undefined && p.id === request.phoneNumberId) || (request.number !== undefined && p.number === request.number),
    );
    if (!phoneNumber) throw new Error(`No phone number ${request.phoneNumberId ?? request.number ?? "(none given)"} in the simulator`);
    if (phoneNumber.status !== "active") throw new Error(`Phone number ${phoneNumber.id} is ${phoneNumber.status}, not active`);
    if (!isE164(request.callerNumber)) throw new Error(`callerNumber ${request.callerNumber} is not E.164`);
    const assistant = phoneNumber.assistantId ? store.assistants.get(phoneNumber.assistantId) : undefined;
    if (!assistant) {
      throw new Error(`Phone number ${phoneNumber.id} has no assistant (the simulator does not model assistant-request)`);
    }
    const defined = functionTools(assistant);
    const unknownTools = (request.toolCalls ?? []).filter((t) => !defined.has(t.name)).map((t) => t.name);
    if (unknownTools.length) {
      throw new Error(`Assistant ${assistant.id} has no function tool named ${unknownTools.join(", ")}`);
    }

    const now = new Date().toISOString();
    const call: SimCall = {
      id: randomUUID(),
      orgId: this.deps.orgId,
      type: "inboundPhoneCall",
      status: "queued",
      phoneCallProvider: "vapi",
      phoneCallTransport: "pstn",
      assistantId: assistant.id,
      phoneNumberId: phoneNumber.id,
      customer: { number: request.callerNumber, ...(request.callerName ? { name: request.callerName } : {}) },
      createdAt: now,
      updatedAt: now,
    };
    store.calls.set(call.id, call);
    const done = this.track(call.id);
    const { phoneNumberId: _id, number: _number, callerNumber: _caller, callerName: _name, ...script } = request;
    const signal = this.deps.signal();
    runCall(this.deps, call, { ...this.scriptFor(call), ...script }, signal)
      .then(done.resolve)
      .catch((error: unknown) => this.settleFailure(call, done, error));
    return { call: structuredClone(call), done: done.promise };
  }

  /** Resolves when the call has ended and its end-of-call-report was delivered (or it was canceled). */
  waitFor(callId: string, timeoutMs: number): Promise<SimCall> {
    const done = this.completions.get(callId);
    if (!done) return Promise.reject(new Error(`No call ${callId} in the simulator`));
    return new Promise<SimCall>((resolve, reject) => {
      const timer = setTimeout(() => {
        const status = this.deps.store.calls.get(callId)?.status ?? "deleted";
        reject(new Error(`Call ${callId} did not finish within ${timeoutMs} ms (status ${status})`));
      }, timeoutMs);
      done.promise.then(resolve, reject).finally(() => clearTimeout(timer));
    });
  }

  /** Forgets scripts and completions; running calls stop because the lifetime signal was aborted. */
  clear(): void {
    this.completions.clear();
    this.pendingStarts.clear();
    this.scriptsByCallId.clear();
    this.scriptsByNumber.clear();
  }

  private track(callId: string): Completion {
    const done = completion();
    this.completions.set(callId, done);
    return done;
  }

  private scriptFor(call: SimCall): CallScript {
    const number = call.customer?.number;
    return {
      ...this.deps.defaultScript,
      ...(number ? this.scriptsByNumber.get(number) : undefined),
      ...this.scriptsByCallId.get(call.id),
    };
  }

  private settleFailure(call: SimCall, done: Completion, error: unknown): void {
    this.pendingStarts.delete(call.id);
    if (call.endedReason === "scheduled-call-deleted") return done.resolve(structuredClone(call));
    if (isAbortError(error)) return done.reject(new Error(`Call ${call.id} was stopped by a simulator reset or close`));
    this.deps.store.recordError(`call ${call.id}`, error);
    done.reject(error instanceof Error ? error : new Error(String(error)));
  }
}
