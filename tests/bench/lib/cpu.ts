// CPU time spent by each part of a benchmark run (user + system), read from
// /proc. On a machine with few cores the parts share them, so a latency at
// concurrency 16 is mostly queueing for the CPU: what a request costs each
// part says where the time goes, whatever else the machine is doing.
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";

export type CpuParts = Record<string, number>;

const TICKS_PER_SECOND = (() => {
  try {
    return Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;
  } catch {
    return 100;
  }
})();

interface ProcessCpu {
  ppid: number;
  /** Its own CPU ms, and its reaped children's. */
  own: number;
  reaped: number;
}

/** Every process's CPU so far, from /proc/<pid>/stat (empty where /proc is absent). */
function allProcesses(): Map<number, ProcessCpu> {
  const processes = new Map<number, ProcessCpu>();
  let entries: string[] = [];
  try {
    entries = readdirSync("/proc").filter((entry) => /^\d+$/.test(entry));
  } catch {
    return processes;
  }
  for (const entry of entries) {
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      // The fields after the command name, which may hold spaces, in parentheses.
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      const ticks = (index: number) => (Number(fields[index]) * 1000) / TICKS_PER_SECOND;
      processes.set(Number(entry), { ppid: Number(fields[1]), own: ticks(11) + ticks(12), reaped: ticks(13) + ticks(14) });
    } catch {
      // It ended meanwhile.
    }
  }
  return processes;
}

/** The CPU ms of a process and everything below it (a child that ended is in its parent's reaped time). */
function treeCpuMs(root: number, processes: Map<number, ProcessCpu>): number {
  const rootCpu = processes.get(root);
  if (!rootCpu) return Number.NaN;
  let total = rootCpu.own + rootCpu.reaped;
  for (const [pid, cpu] of processes) {
    for (let parent = cpu.ppid, hops = 0; parent > 1 && hops < 32; parent = processes.get(parent)?.ppid ?? 0, hops++) {
      if (parent === root) {
        if (pid !== root) total += cpu.own + cpu.reaped;
        break;
      }
    }
  }
  return total;
}

/** The PostgreSQL server whose data directory is `dataDir` (its postmaster's pid). */
export function postgresPid(dataDir: string): number | undefined {
  for (const pid of allProcesses().keys()) {
    try {
      const command = readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0");
      if (command.includes(dataDir) && /postgres$/.test(command[0])) return pid;
    } catch {
      // It ended meanwhile.
    }
  }
  return undefined;
}

/** The CPU ms used so far by each named process tree and by this process ("bench"). */
export function cpuNow(roots: Record<string, number | undefined>): CpuParts {
  const processes = allProcesses();
  const parts: CpuParts = {};
  for (const [name, pid] of Object.entries(roots)) parts[name] = pid === undefined ? Number.NaN : treeCpuMs(pid, processes);
  const own = process.cpuUsage();
  parts.bench = (own.user + own.system) / 1000;
  return parts;
}

/** CPU ms per request of each part between two readings. */
export function cpuPerRequest(before: CpuParts, after: CpuParts, requests: number): CpuParts {
  return Object.fromEntries(Object.keys(after).map((name) => [name, (after[name] - (before[name] ?? 0)) / requests]));
}

/** `web 1.23, postgres 0.45` for the parts named, in that order. */
export function formatCpu(perRequest: CpuParts, names: string[]): string {
  return names.map((name) => `${name} ${Number.isFinite(perRequest[name]) ? perRequest[name].toFixed(2) : "?"}`).join(", ");
}
