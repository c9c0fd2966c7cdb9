// Every wait in the simulator is abortable: reset() and close() abort the
// current signal, so no timer outlives them or fires into a fresh state.
import { setTimeout as delay } from "node:timers/promises";

// Node fires longer timers immediately (TimeoutOverflowWarning), so long waits
// (a call scheduled weeks ahead) are taken in steps.
const MAX_TIMER_MS = 2 ** 31 - 1;

export async function sleep(ms: number, signal: AbortSignal): Promise<void> {
  let remaining = Math.max(0, ms);
  do {
    const step = Math.min(remaining, MAX_TIMER_MS);
    await delay(step, undefined, { signal });
    remaining -= step;
  } while (remaining > 0);
}

export function isAbortError(error: unknown): boolean {
  return error instanceof Error && error.name === "AbortError";
}

/** The simulator's current lifetime: renew() (reset) and end() (close) abort every wait begun under it. */
export class Lifetime {
  private controller = new AbortController();

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  renew(): void {
    this.controller.abort();
    this.controller = new AbortController();
  }

  end(): void {
    this.controller.abort();
  }
}
