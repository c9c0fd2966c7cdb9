// Load generation for the benchmarks: a fixed number of requests at a fixed
// concurrency over keep-alive connections, with latency percentiles.
import http from "node:http";
import { performance } from "node:perf_hooks";

// ---------------------------------------------------------------------------
// Load generation

export interface Req {
  path: string;
  body: string;
  headers: Record<string, string>;
}

export interface Result {
  requests: number;
  seconds: number;
  rps: number;
  p50: number;
  p95: number;
  p99: number;
}

export interface Row extends Result {
  label: string;
  what: string;
}

export type Check = (status: number, text: string) => void;

export const expectOk: Check = (status, text) => {
  if (status !== 200) throw new Error(`HTTP ${status}: ${text.slice(0, 300)}`);
};

export const expectAppliedOk: Check = (status, text) => {
  expectOk(status, text);
  if (!text.includes('"outcome":"applied"')) throw new Error(`not applied: ${text.slice(0, 300)}`);
};

/**
 * Sends `total` units of work with `concurrency` workers over keep-alive
 * connections; a unit is one request, or several sent one after the other
 * (timed together). Resolves when all are answered.
 */
export async function load(baseUrl: string, total: number, concurrency: number, make: (index: number) => Req | Req[], check: Check): Promise<Result> {
  const url = new URL(baseUrl);
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  const latencies = new Float64Array(total);
  let nextIndex = 0;
  const begin = performance.now();
  const worker = async () => {
    for (let index = nextIndex++; index < total; index = nextIndex++) {
      const made = make(index);
      const units = Array.isArray(made) ? made : [made];
      const start = performance.now();
      for (const unit of units) {
        const { status, text } = await send(agent, url, unit);
        check(status, text);
      }
      latencies[index] = performance.now() - start;
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(concurrency, total) }, worker));
  } finally {
    agent.destroy();
  }
  const seconds = (performance.now() - begin) / 1000;
  const sorted = latencies.sort();
  return { requests: total, seconds, rps: total / seconds, p50: percentile(sorted, 0.5), p95: percentile(sorted, 0.95), p99: percentile(sorted, 0.99) };
}

function send(agent: http.Agent, url: URL, { path: requestPath, body, headers }: Req): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      { host: url.hostname, port: url.port, path: requestPath, method: "POST", agent, headers: { ...headers, "Content-Length": Buffer.byteLength(body) } },
      (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("end", () => resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString("utf8") }));
        response.on("error", reject);
      },
    );
    request.setTimeout(30_000, () => request.destroy(new Error(`timeout: POST ${url.origin}${requestPath}`)));
    request.on("error", reject);
    request.end(body);
  });
}

export function percentile(sorted: Float64Array, p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)];
}
