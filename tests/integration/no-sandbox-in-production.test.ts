// Production modules import nothing from app/sandbox: the sandbox's stand-ins
// (token minting, the fake admin, Admin API rerouting) exist only in the
// sandbox's own processes. Follows every import from the production entry
// points (the Remix routes and entries, the web server, the worker), and
// also checks each non-test module under app/ on its own. The built files
// are checked by tests/deploy/deploy-steps.test.ts.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "../..");
const SANDBOX = path.join(root, "app/sandbox") + path.sep;

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? walk(full) : [full];
  });
}

const isSource = (file: string) => /\.(ts|tsx)$/.test(file) && !file.endsWith(".d.ts");
const isTestOnly = (file: string) => /\.test\.tsx?$/.test(file) || /test-support\.ts$/.test(file);

/** Static, re-export, side-effect and dynamic import specifiers. */
export function importSpecifiers(source: string): string[] {
  const found: string[] = [];
  const patterns = [/\b(?:import|export)\s[^"'`;]*?\sfrom\s*["']([^"']+)["']/g, /\bimport\s*["']([^"']+)["']/g, /\bimport\(\s*["']([^"']+)["']\s*\)/g];
  for (const pattern of patterns) for (const match of source.matchAll(pattern)) found.push(match[1]!);
  return found;
}

function resolveLocal(from: string, specifier: string): string | undefined {
  const base = specifier.startsWith("~/")
    ? path.join(root, "app", specifier.slice(2))
    : specifier.startsWith(".")
      ? path.resolve(path.dirname(from), specifier)
      : undefined;
  if (!base) return undefined; // a package
  const candidates = [base, `${base}.ts`, `${base}.tsx`, path.join(base, "index.ts"), path.join(base, "index.tsx"), base.replace(/\.js$/, ".ts")];
  return candidates.find((candidate) => existsSync(candidate) && statSync(candidate).isFile());
}

function productionEntries(): string[] {
  const routes = walk(path.join(root, "app/routes")).filter((file) => isSource(file) && !isTestOnly(file));
  const entries = ["app/root.tsx", "app/entry.server.tsx", "app/entry.client.tsx", "app/jobs/worker.ts", "server.ts"].map((file) => path.join(root, file));
  return [...routes, ...entries];
}

/** Every local module reachable from `entries`, with the import chain that reached it. */
function reachable(entries: string[]): Map<string, string[]> {
  const chains = new Map<string, string[]>(entries.map((entry) => [entry, [entry]]));
  const queue = [...entries];
  while (queue.length > 0) {
    const file = queue.shift()!;
    for (const specifier of importSpecifiers(readFileSync(file, "utf8"))) {
      const target = resolveLocal(file, specifier);
      if (!target || chains.has(target) || !isSource(target)) continue;
      chains.set(target, [...chains.get(file)!, target]);
      queue.push(target);
    }
  }
  return chains;
}

const relative = (file: string) => path.relative(root, file);

describe("production modules and the sandbox", () => {
  it("finds imports of every form (the scanner itself)", () => {
    expect(
      importSpecifiers(
        `import a from "./a";\nimport { b,\n c } from "../b";\nexport * from "./c";\nimport "./d";\nconst e = await import("./e");\nimport type { F } from "./f";`,
      ),
    ).toEqual(["./a", "../b", "./c", "./f", "./d", "./e"]);
  });

  it("no module reachable from a production entry point is in app/sandbox", () => {
    const chains = reachable(productionEntries());
    expect(chains.size).toBeGreaterThan(50);
    expect(chains.has(path.join(root, "app/shopify.server.ts"))).toBe(true);
    const offending = [...chains.entries()].filter(([file]) => file.startsWith(SANDBOX)).map(([, chain]) => chain.map(relative).join(" -> "));
    expect(offending).toEqual([]);
  });

  it("no module outside app/sandbox imports from it, except tests and their helpers", () => {
    const offending = walk(path.join(root, "app"))
      .filter((file) => isSource(file) && !isTestOnly(file) && !file.startsWith(SANDBOX))
      .flatMap((file) =>
        importSpecifiers(readFileSync(file, "utf8"))
          .filter((specifier) => resolveLocal(file, specifier)?.startsWith(SANDBOX))
          .map((specifier) => `${relative(file)} imports ${specifier}`),
      );
    expect(offending).toEqual([]);
  });

  it("no Remix route is a sandbox route (the sandbox's own server serves those)", () => {
    expect(readdirSync(path.join(root, "app/routes")).filter((name) => name.startsWith("sandbox"))).toEqual([]);
  });
});
