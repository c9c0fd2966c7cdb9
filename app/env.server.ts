// The app's configuration: every environment variable the server reads is
// declared, validated and documented here (and in .env.example). A missing or
// malformed variable stops the app at boot with a message naming it and
// saying what a valid value looks like, instead of failing later mid-request.
import { parse as parseConnectionString } from "pg-connection-string";
import { z } from "zod";

// Judged as pg (the only thing that connects) reads it, so every form pg
// accepts passes: a socket folder in ?host= or as an encoded host, sslmode,
// options. It must name a server and a database.
const postgresUrl = z.string().refine((value) => {
  if (!/^postgres(ql)?:\/\//.test(value)) return false;
  try {
    // Without the certificate paths: pg reads those files when it connects
    // (and names a missing one then); a URL's shape is judged here.
    const { host, database } = parseConnectionString(value.replace(/([?&])(sslcert|sslkey|sslrootcert)=[^&]*/g, "$1"));
    return Boolean(host) && Boolean(database);
  } catch {
    return false;
  }
});

const httpUrl = z.string().refine((value) => {
  try {
    return ["http:", "https:"].includes(new URL(value).protocol);
  } catch {
    return false;
  }
});

// Where a merchant gets help: a web page or an email address.
const supportUrl = z.string().refine((value) => {
  try {
    return ["http:", "https:", "mailto:"].includes(new URL(value).protocol);
  } catch {
    return false;
  }
});

const flag = z.enum(["true", "false", "1", "0"]).transform((value) => value === "true" || value === "1");

/** Each variable: its schema and, for error messages, what a valid value is. */
const variables = {
  NODE_ENV: {
    schema: z.enum(["development", "production", "test"]).default("development"),
    expected: "development, production or test",
  },
  SHOPIFY_API_KEY: {
    schema: z.string().min(1),
    expected: "the app's Client ID from the Partner Dashboard (set by `shopify app dev`)",
  },
  SHOPIFY_API_SECRET: {
    schema: z.string().min(1),
    expected: "the app's Client secret from the Partner Dashboard (set by `shopify app dev`)",
  },
  SHOPIFY_APP_URL: {
    schema: httpUrl,
    expected: "the app's public URL, e.g. https://receptionist.example.com",
  },
  SCOPES: {
    schema: z.string().min(1).default("read_orders,read_products,read_customers"),
    expected: "comma-separated Admin API scopes, e.g. read_orders,read_products,read_customers",
  },
  SHOP_CUSTOM_DOMAIN: {
    schema: z.string().min(1).optional(),
    expected: "a custom shop domain (optional), e.g. shop.example.com",
  },
  DATABASE_URL: {
    schema: postgresUrl,
    expected:
      "a PostgreSQL URL, e.g. postgresql://user:password@localhost:5432/receptionist (?sslmode=verify-full, or a socket folder: ?host=/var/run/postgresql)",
  },
  VAPI_API_KEY: {
    schema: z.string().min(1),
    expected: "your Vapi private API key (Vapi dashboard > API Keys)",
  },
  VAPI_BASE_URL: {
    schema: httpUrl.default("https://api.vapi.ai"),
    expected: "the Vapi API base URL, e.g. https://api.vapi.ai",
  },
  VAPI_TIMEOUT_SECONDS: {
    schema: z.coerce.number().positive().max(120).default(15),
    expected: "seconds to wait for one Vapi response before retrying, e.g. 15",
  },
  VAPI_WEBHOOK_SECRET: {
    schema: z.string().min(16),
    expected: "a random string of at least 16 characters that Vapi sends as X-Vapi-Secret (e.g. `openssl rand -hex 32`); never your API key",
  },
  VAPI_WEBHOOK_HMAC_SECRET: {
    schema: z.string().min(16).optional(),
    expected: "(optional) the secretKey of a Vapi HMAC webhook credential, at least 16 characters",
  },
  VAPI_WEBHOOK_CREDENTIAL_ID: {
    schema: z.string().min(1).optional(),
    expected: "(optional) the id of that Vapi webhook credential, set on assistants as server.credentialId",
  },
  VAPI_AREA_CODES: {
    schema: z
      .string()
      .regex(/^[2-9]\d{2}(,[2-9]\d{2})*$/)
      .default("800,888,877,866,212,415,510")
      .transform((codes) => codes.split(",")),
    expected: "comma-separated US area codes to try for new numbers, in order, e.g. 415,510,212",
  },
  VAPI_MODEL: {
    schema: z.string().min(1).default("claude-sonnet-4-5-20250929"),
    expected: "an Anthropic model name Vapi accepts, e.g. claude-sonnet-4-5-20250929",
  },
  CHECKIN_MAX_CONCURRENT_CALLS: {
    // Vapi's default org limit is 10 concurrent calls: stay below it. Every worker must have the same value.
    schema: z.coerce.number().int().min(1).max(100).default(8),
    expected: "how many POST /call requests all workers together have in flight at once (1-100; Vapi's org default limit is 10), e.g. 8",
  },
  CHECKIN_RETRY_BACKOFF_MS: {
    schema: z.coerce.number().int().min(10).max(300_000).default(2_000),
    expected: "milliseconds before the first retry of a check-in call Vapi failed to place (5xx, 429, timeout); doubles each time up to a minute, e.g. 2000",
  },
  CHECKIN_PLACEMENT_LOOKUP_SECONDS: {
    schema: z.coerce.number().min(0).max(600).default(60),
    expected:
      "seconds a POST /call whose answer was lost (timed out, 502/504, connection lost) is looked for at Vapi (by the job's metadata) before it counts as not placed, e.g. 60",
  },
  CHECKIN_RECONCILE_AFTER_MINUTES: {
    schema: z.coerce.number().min(0).max(1440).default(15),
    expected: "minutes without a final webhook after which a call is fetched from Vapi (GET /call/{id}) and brought up to date, e.g. 15",
  },
  CHECKIN_GRACE_MINUTES: {
    schema: z.coerce.number().int().min(1).max(240).default(15),
    expected: "minutes after its time a check-in call may still be placed before it counts as missed (1-240)",
  },
  CHECKIN_NO_ANSWER_RETRIES: {
    schema: z.coerce.number().int().min(0).max(5).default(1),
    expected: "how many times an unanswered or busy check-in call is tried again (0-5)",
  },
  CHECKIN_RETRY_DELAY_MINUTES: {
    schema: z.coerce.number().int().min(1).max(120).default(10),
    expected: "minutes before an unanswered check-in call is tried again (1-120)",
  },
  SUPPORT_URL: {
    schema: supportUrl.optional(),
    expected:
      "(optional) where merchants get help when something fails, linked from error messages: an https URL or a mailto: address, e.g. https://example.com/support",
  },
  SENTRY_DSN: {
    schema: httpUrl.optional(),
    expected: "(optional) a Sentry DSN, e.g. https://key@o0.ingest.sentry.io/0",
  },
  LOG_LEVEL: {
    schema: z.enum(["debug", "info", "warn", "error"]).default("info"),
    expected: "debug, info, warn or error",
  },
  APP_SANDBOX: {
    schema: flag.default(false),
    expected: "true or false: the local sandbox (fake admin, token minting); never in production",
  },
  APP_BRIDGE_URL: {
    schema: z.string().min(1).optional(),
    expected: "(optional) where the App Bridge script loads from instead of Shopify's CDN (the sandbox's stand-in), e.g. /sandbox/app-bridge.js",
  },
  SANDBOX_ADMIN_API_URL: {
    schema: httpUrl.optional(),
    expected: "(sandbox and tests only) the local Admin API stand-in, e.g. http://127.0.0.1:4100",
  },
} as const;

type Variables = typeof variables;
export type Env = { [K in keyof Variables]: z.output<Variables[K]["schema"]> };

export class EnvError extends Error {
  constructor(public readonly problems: string[]) {
    super(
      [
        "The app cannot start: its configuration is incomplete.",
        ...problems.map((problem) => `  - ${problem}`),
        "Every variable is documented in .env.example.",
      ].join("\n"),
    );
    this.name = "EnvError";
  }
}

const LOCAL_HOSTS = ["localhost", "127.0.0.1", "[::1]"];

/** Validates a set of variables (pure: pass process.env or a test object). */
export function parseEnv(source: Record<string, string | undefined>): Env {
  const problems: string[] = [];
  const parsed: Record<string, unknown> = {};
  for (const [name, { schema, expected }] of Object.entries(variables)) {
    // An empty string in a .env file means "not set".
    const raw = source[name] === "" ? undefined : source[name];
    const result = (schema as z.ZodType).safeParse(raw);
    if (result.success) {
      parsed[name] = result.data;
    } else if (raw === undefined) {
      problems.push(`${name} is missing. Expected: ${expected}.`);
    } else {
      // Never echo the value: it may be a secret.
      problems.push(`${name} is malformed. Expected: ${expected}.`);
    }
  }
  const env = parsed as Env;
  if (problems.length === 0 && env.APP_SANDBOX && env.NODE_ENV === "production") {
    problems.push("APP_SANDBOX is true while NODE_ENV is production: the sandbox mints session tokens and must never run in production.");
  }
  if (problems.length === 0 && env.APP_SANDBOX && !LOCAL_HOSTS.includes(new URL(env.SHOPIFY_APP_URL).hostname)) {
    problems.push("APP_SANDBOX is true while SHOPIFY_APP_URL is not a localhost URL: the sandbox serves only this machine.");
  }
  if (problems.length === 0 && env.SANDBOX_ADMIN_API_URL && !env.APP_SANDBOX && env.NODE_ENV !== "test") {
    problems.push("SANDBOX_ADMIN_API_URL is set outside the sandbox: it would send shop access tokens to a stand-in server.");
  }
  if (problems.length === 0 && Boolean(env.VAPI_WEBHOOK_HMAC_SECRET) !== Boolean(env.VAPI_WEBHOOK_CREDENTIAL_ID)) {
    // The secret alone: no assistant asks Vapi to sign, and every unsigned webhook would be refused (401, which Vapi
    // does not retry). The id alone: Vapi would sign, and nothing would check it.
    problems.push("VAPI_WEBHOOK_HMAC_SECRET and VAPI_WEBHOOK_CREDENTIAL_ID go together (the credential's secretKey and its id): set both, or neither.");
  }
  const appUrl = problems.length === 0 ? new URL(env.SHOPIFY_APP_URL) : null;
  if (appUrl && env.NODE_ENV === "production" && appUrl.protocol !== "https:" && !LOCAL_HOSTS.includes(appUrl.hostname)) {
    problems.push("SHOPIFY_APP_URL must be an https URL in production (Shopify and Vapi reach the app there); plain http only on localhost.");
  }
  if (problems.length > 0) throw new EnvError(problems);
  return env;
}

function loadEnv(): Env {
  try {
    return parseEnv(process.env);
  } catch (error) {
    // At boot, a readable message and a non-zero exit beat a stack trace.
    // Under the test runner, throw so a test can observe it.
    if (error instanceof EnvError && !process.env.VITEST) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
}

export const env: Env = loadEnv();
