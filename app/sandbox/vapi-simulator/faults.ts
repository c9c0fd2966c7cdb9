// Scripted faults and latency for the REST API, so tests can prove the app's
// retry, timeout and rate-limit handling against real HTTP answers.
import type { FaultDescription, FaultRule, LatencyDescription, LatencyRule } from "./types";

interface ActiveFault {
  rule: FaultRule;
  remaining: number;
}

/** A string matches as a path prefix on segment boundaries, so "/call" never matches "/calls". */
export function pathMatches(pattern: string | RegExp | undefined, path: string): boolean {
  if (pattern === undefined) return true;
  if (pattern instanceof RegExp) return pattern.test(path);
  const prefix = pattern.endsWith("/") ? pattern.slice(0, -1) : pattern;
  return path === prefix || path.startsWith(`${prefix}/`) || prefix === "";
}

function methodMatches(method: string | undefined, actual: string): boolean {
  return method === undefined || method.toUpperCase() === actual;
}

function describePath(pattern: string | RegExp | undefined): string | undefined {
  return pattern instanceof RegExp ? String(pattern) : pattern;
}

export class FaultBook {
  private faults: ActiveFault[] = [];
  private latency: LatencyRule[] = [];

  add(rule: FaultRule): void {
    if (rule.status === undefined && rule.delayMs === undefined && !rule.reset) {
      throw new Error("A fault needs a status, a reset, a delayMs, or a delayMs with one of the others");
    }
    if (rule.status !== undefined && rule.reset) throw new Error("A fault answers with a status or resets the connection, not both");
    const times = rule.times ?? 1;
    if (!(times > 0)) throw new Error("A fault's times must be positive");
    this.faults.push({ rule, remaining: times });
  }

  /** The first matching rule with uses left answers the request; each use counts down. */
  take(method: string, path: string): FaultRule | undefined {
    const active = this.faults.find((f) => methodMatches(f.rule.method, method) && pathMatches(f.rule.path, path));
    if (!active) return undefined;
    active.remaining -= 1;
    if (active.remaining <= 0) this.faults = this.faults.filter((f) => f !== active);
    return active.rule;
  }

  /** Replaces the rule for the same method and path; ms 0 removes it. */
  setLatency(rule: LatencyRule): void {
    const key = (r: LatencyRule) => `${r.method?.toUpperCase() ?? "*"} ${describePath(r.path) ?? "*"}`;
    this.latency = this.latency.filter((r) => key(r) !== key(rule));
    if (rule.ms > 0 || (rule.jitterMs ?? 0) > 0) this.latency.push(rule);
  }

  /** The slowest matching rule wins, so a global baseline and a slow endpoint can coexist. */
  latencyFor(method: string, path: string): number {
    let ms = 0;
    for (const rule of this.latency) {
      if (!methodMatches(rule.method, method) || !pathMatches(rule.path, path)) continue;
      ms = Math.max(ms, rule.ms + Math.random() * (rule.jitterMs ?? 0));
    }
    return ms;
  }

  clearFaults(): void {
    this.faults = [];
  }

  clear(): void {
    this.faults = [];
    this.latency = [];
  }

  describe(): { faults: FaultDescription[]; latency: LatencyDescription[] } {
    return {
      faults: this.faults.map(({ rule, remaining }) => ({
        method: rule.method,
        path: describePath(rule.path) ?? "",
        status: rule.status,
        reset: rule.reset,
        delayMs: rule.delayMs,
        retryAfterSeconds: rule.retryAfterSeconds,
        remaining,
      })),
      latency: this.latency.map((rule) => ({
        method: rule.method,
        path: describePath(rule.path),
        ms: rule.ms,
        jitterMs: rule.jitterMs,
      })),
    };
  }
}
