// `npm install` / `npm ci` (the root preinstall): refuses a Node version
// outside package.json's "engines", with a message saying which to use.
// npm's own engine-strict cannot do this here: it also enforces every
// dependency's engines, and pg-boss declares node >=22.12 although it runs
// on 20.19+ (CI runs the tests on both), so engine-strict would refuse the
// Node 20 that "engines" allows. Plain JavaScript, no dependencies: it runs
// before anything is installed.
import { readFileSync } from "node:fs";

/** "20.19.1" -> [20, 19, 1]; missing parts are 0. */
function parse(version) {
  const [major = 0, minor = 0, patch = 0] = version.replace(/^v/, "").split(".").map(Number);
  return [major, minor, patch];
}

function compare(a, b) {
  for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return 0;
}

const OPERATORS = {
  ">=": (c) => c >= 0,
  ">": (c) => c > 0,
  "<=": (c) => c <= 0,
  "<": (c) => c < 0,
  "=": (c) => c === 0,
};

/** Whether `version` satisfies `range`: comparators (>=, >, <=, <, =) joined by spaces, alternatives by ||. */
export function satisfies(version, range) {
  const current = parse(version);
  return range.split("||").some((alternative) =>
    alternative
      .trim()
      .split(/\s+/)
      .every((comparator) => {
        const match = /^(>=|<=|>|<|=)?(\d+(?:\.\d+){0,2})$/.exec(comparator);
        if (!match) throw new Error(`Unsupported engines comparator: ${comparator}`);
        return OPERATORS[match[1] ?? "="](compare(current, parse(match[2])));
      }),
  );
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const range = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")).engines.node;
  if (!satisfies(process.version, range)) {
    console.error(`This app needs Node ${range} (Node 22 LTS recommended, see .nvmrc); this is Node ${process.version}.`);
    process.exit(1);
  }
}
