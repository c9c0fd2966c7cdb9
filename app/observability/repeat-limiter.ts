// Identical errors in a burst (a database outage fails every query, a dozen a
// second) are written and reported once per window, not once per occurrence:
// the first goes through, the repeats are counted, and the next one let
// through after the window says how many were held back. Pure (the clock is
// passed in), so tested with a fake clock.

export interface Admitted {
  /** Identical occurrences held back since the last one let through. */
  suppressed: number;
}

export class RepeatLimiter {
  private readonly seen = new Map<string, { lastAdmitted: number; suppressed: number }>();

  constructor(
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
    /** Fingerprints remembered at most (the oldest is forgotten first), so memory stays bounded. */
    private readonly maxFingerprints = 1000,
  ) {}

  /** Whether this occurrence goes through; undefined when it is a repeat inside the window. */
  admit(fingerprint: string): Admitted | undefined {
    const now = this.now();
    const entry = this.seen.get(fingerprint);
    if (entry && now - entry.lastAdmitted < this.windowMs) {
      entry.suppressed++;
      return undefined;
    }
    const suppressed = entry?.suppressed ?? 0;
    this.seen.delete(fingerprint); // re-inserted last: Map order is then least recently admitted first
    this.seen.set(fingerprint, { lastAdmitted: now, suppressed: 0 });
    if (this.seen.size > this.maxFingerprints) this.seen.delete(this.seen.keys().next().value as string);
    return { suppressed };
  }
}

/** Errors are identical when the log message and the error's type, code and message are. */
export function errorFingerprint(message: string, error: unknown): string {
  if (!(error instanceof Error)) return `${message}\u0000${error === undefined ? "" : String(error)}`;
  const code = (error as { code?: unknown }).code;
  return [message, error.name, code === undefined ? "" : String(code), error.message].join("\u0000");
}
