// The Vapi simulator in a process of its own, driven over its /__sim/
// control endpoints. Vapi never runs on the app's event loop: a bench that
// runs the app in its own process (provision.bench.ts) keeps the simulator's
// CPU (routing, JSON, its request log) out of the time it charges to the app.
//
//   node_modules/.bin/tsx tests/bench/lib/simulator-process.ts --serve '<VapiSimulatorOptions as JSON>'
import { spawn } from "node:child_process";
import path from "node:path";
import { stopChild } from "../../../app/sandbox/child-processes";
import { listeningPort } from "./listening";
import { startVapiSimulator, type VapiSimulator, type VapiSimulatorOptions } from "../../../app/sandbox/vapi-simulator/server";

type SimulatorState = ReturnType<VapiSimulator["state"]>;

/** The levers a bench pulls, as the programmatic API has them (paths are prefixes). */
export interface SimulatorProcess {
  url: string;
  reset(): Promise<void>;
  setLatency(rule: { method?: string; path?: string; ms: number }): Promise<void>;
  fail(rule: { method?: string; path: string; status?: number; body?: unknown; times?: number }): Promise<void>;
  state(): Promise<SimulatorState>;
  close(): Promise<void>;
}

if (process.argv.includes("--serve")) {
  const options = JSON.parse(process.argv[process.argv.indexOf("--serve") + 1]) as VapiSimulatorOptions;
  void startVapiSimulator(options).then((sim) => {
    console.log(`listening ${new URL(sim.url).port}`);
    process.on("SIGTERM", () => void sim.close().then(() => process.exit(0)));
  });
}

export async function startSimulatorProcess(options: VapiSimulatorOptions): Promise<SimulatorProcess> {
  const child = spawn("node_modules/.bin/tsx", [path.resolve("tests/bench/lib/simulator-process.ts"), "--serve", JSON.stringify(options)], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const url = `http://127.0.0.1:${await listeningPort(child, "the simulator process")}`;
  const control = async (method: string, route: string, body?: unknown) => {
    const response = await fetch(`${url}/__sim/${route}`, {
      method,
      headers: body === undefined ? {} : { "Content-Type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`${method} /__sim/${route}: ${response.status} ${await response.text()}`);
    return response.json() as Promise<unknown>;
  };
  return {
    url,
    reset: async () => void (await control("POST", "reset")),
    setLatency: async (rule) => void (await control("POST", "latency", rule)),
    fail: async (rule) => void (await control("POST", "faults", rule)),
    state: async () => (await control("GET", "state")) as SimulatorState,
    close: () => stopChild(child),
  };
}
