import { describe, expect, it } from "vitest";
import { EnvError, parseEnv } from "./env.server";

const valid = {
  SHOPIFY_API_KEY: "key",
  SHOPIFY_API_SECRET: "shpss_secret",
  SHOPIFY_APP_URL: "https://app.example.com",
  DATABASE_URL: "postgresql://user:pw@db.example.com:5432/receptionist",
  VAPI_API_KEY: "vapi-private-key",
  VAPI_WEBHOOK_SECRET: "a-long-random-webhook-secret",
};

function problemsOf(source: Record<string, string | undefined>): string[] {
  try {
    parseEnv(source);
    return [];
  } catch (error) {
    expect(error).toBeInstanceOf(EnvError);
    return (error as EnvError).problems;
  }
}

describe("parseEnv", () => {
  it("accepts a complete configuration and fills defaults", () => {
    const env = parseEnv(valid);
    expect(env.VAPI_BASE_URL).toBe("https://api.vapi.ai");
    expect(env.SCOPES).toBe("read_orders,read_products,read_customers");
    expect(env.APP_SANDBOX).toBe(false);
    expect(env.NODE_ENV).toBe("development");
  });

  it("names a missing variable and says what a valid value looks like", () => {
    const { SHOPIFY_API_SECRET: _omitted, ...rest } = valid;
    const problems = problemsOf(rest);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^SHOPIFY_API_SECRET is missing\. Expected: .*Client secret/);
  });

  it("treats an empty value as missing", () => {
    expect(problemsOf({ ...valid, VAPI_API_KEY: "" })[0]).toMatch(/^VAPI_API_KEY is missing/);
  });

  it.each([
    ["mysql://user:pw@localhost/db"],
    ["not a url"],
    ["postgresql://localhost"], // no database name
    ["postgresql:///receptionist"], // no server: neither a host nor ?host=
    ["https://db.example.com/receptionist"],
  ])("rejects the malformed DATABASE_URL %s without echoing it", (url) => {
    const problems = problemsOf({ ...valid, DATABASE_URL: url });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^DATABASE_URL is malformed\. Expected: a PostgreSQL URL, e\.g\. postgresql:\/\/user:password@localhost:5432\/receptionist/);
    expect(problems[0]).not.toContain(url);
  });

  it.each([
    ["postgresql://user:pw@db.example.com:5432/receptionist?sslmode=verify-full"],
    ["postgresql://user:pw@db.example.com/receptionist?sslmode=verify-full&sslrootcert=/etc/ssl/db-ca.pem"],
    ["postgres://user:pw@db.example.com/receptionist?sslmode=no-verify&application_name=web"],
    ["postgresql://user@localhost/receptionist?options=-c%20statement_timeout%3D5000"],
    ["postgresql:///receptionist?host=/var/run/postgresql"], // socket folder
    ["postgresql://user@/receptionist?host=/var/run/postgresql&port=5433"],
    ["postgresql://user:pw@%2Fvar%2Frun%2Fpostgresql:5433/receptionist"], // encoded socket folder
  ])("accepts the DATABASE_URL %s as pg reads it, and keeps it whole", (url) => {
    expect(parseEnv({ ...valid, DATABASE_URL: url }).DATABASE_URL).toBe(url);
  });

  it.each([
    ["https://help.example.com/receptionist", true],
    ["http://localhost:3000/help", true],
    ["mailto:support@example.com", true],
    ["javascript:alert(1)", false],
    ["ftp://example.com/help", false],
    ["support@example.com", false],
  ])("SUPPORT_URL %s is accepted: %s", (url, accepted) => {
    expect(problemsOf({ ...valid, SUPPORT_URL: url }).map((problem) => problem.split(" ")[0])).toEqual(accepted ? [] : ["SUPPORT_URL"]);
    if (accepted) expect(parseEnv({ ...valid, SUPPORT_URL: url }).SUPPORT_URL).toBe(url);
  });

  it("leaves SUPPORT_URL unset when it is not given (the error messages then carry no link)", () => {
    expect(parseEnv(valid).SUPPORT_URL).toBeUndefined();
  });

  it("reports every problem at once", () => {
    const problems = problemsOf({ ...valid, SHOPIFY_APP_URL: "ftp://x", VAPI_WEBHOOK_SECRET: "short", LOG_LEVEL: "loud" });
    expect(problems.map((problem) => problem.split(" ")[0])).toEqual(["SHOPIFY_APP_URL", "VAPI_WEBHOOK_SECRET", "LOG_LEVEL"]);
  });

  it("refuses the sandbox in production", () => {
    expect(problemsOf({ ...valid, APP_SANDBOX: "true", NODE_ENV: "production" })[0]).toMatch(/APP_SANDBOX is true while NODE_ENV is production/);
  });

  it("refuses to reroute Admin API traffic outside the sandbox", () => {
    expect(problemsOf({ ...valid, SANDBOX_ADMIN_API_URL: "http://127.0.0.1:4100" })[0]).toMatch(/SANDBOX_ADMIN_API_URL is set outside the sandbox/);
    expect(parseEnv({ ...valid, APP_SANDBOX: "1", SHOPIFY_APP_URL: "http://localhost:3000", SANDBOX_ADMIN_API_URL: "http://127.0.0.1:4100" }).APP_SANDBOX).toBe(
      true,
    );
  });

  it.each([["https://receptionist.example.com"], ["http://10.0.0.5:3000"], ["http://localhost.example.com"]])(
    "refuses the sandbox on the non-local URL %s",
    (url) => {
      expect(problemsOf({ ...valid, APP_SANDBOX: "true", SHOPIFY_APP_URL: url })[0]).toMatch(
        /APP_SANDBOX is true while SHOPIFY_APP_URL is not a localhost URL/,
      );
    },
  );

  it.each([
    ["the HMAC secret without the credential id", { VAPI_WEBHOOK_HMAC_SECRET: "a-long-hmac-secret-key" }],
    ["the credential id without the HMAC secret", { VAPI_WEBHOOK_CREDENTIAL_ID: "cred-1" }],
  ])("refuses %s: both or neither", (_label, hmac) => {
    expect(problemsOf({ ...valid, ...hmac })).toEqual([expect.stringMatching(/^VAPI_WEBHOOK_HMAC_SECRET and VAPI_WEBHOOK_CREDENTIAL_ID go together/)]);
    expect(parseEnv({ ...valid, VAPI_WEBHOOK_HMAC_SECRET: "a-long-hmac-secret-key", VAPI_WEBHOOK_CREDENTIAL_ID: "cred-1" }).VAPI_WEBHOOK_CREDENTIAL_ID).toBe(
      "cred-1",
    );
  });

  it("refuses a plain-http app URL in production (but on localhost), not in development", () => {
    expect(problemsOf({ ...valid, NODE_ENV: "production", SHOPIFY_APP_URL: "http://app.example.com" })).toEqual([
      expect.stringMatching(/^SHOPIFY_APP_URL must be an https URL/),
    ]);
    expect(problemsOf({ ...valid, NODE_ENV: "production" })).toEqual([]);
    expect(problemsOf({ ...valid, NODE_ENV: "production", SHOPIFY_APP_URL: "http://localhost:3000" })).toEqual([]);
    expect(problemsOf({ ...valid, NODE_ENV: "development", SHOPIFY_APP_URL: "http://10.0.0.5:3000" })).toEqual([]);
  });

  it("never puts a secret's value in the message", () => {
    const error = (() => {
      try {
        parseEnv({ ...valid, VAPI_WEBHOOK_SECRET: "tiny" });
      } catch (thrown) {
        return thrown as Error;
      }
    })();
    expect(error?.message).toContain("VAPI_WEBHOOK_SECRET is malformed");
    expect(error?.message).not.toContain("tiny");
  });
});
