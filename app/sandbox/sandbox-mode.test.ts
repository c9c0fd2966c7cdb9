// Sandbox mode (the app server that mints session tokens and frames the app)
// runs only with the sandbox's own credentials, on localhost, outside production.
import { describe, expect, it } from "vitest";
import { sandboxModeProblems, type SandboxModeInput } from "./sandbox-mode.server";
import { SANDBOX_CREDENTIALS } from "./sandbox-config";

const sandbox: SandboxModeInput = {
  NODE_ENV: "development",
  APP_SANDBOX: true,
  SHOPIFY_API_KEY: SANDBOX_CREDENTIALS.shopifyApiKey,
  SHOPIFY_API_SECRET: SANDBOX_CREDENTIALS.shopifyApiSecret,
  SHOPIFY_APP_URL: "http://localhost:3000",
  SANDBOX_ADMIN_API_URL: "http://127.0.0.1:4100",
};

describe("sandboxModeProblems", () => {
  it.each([["http://localhost:3000"], ["http://127.0.0.1:4000"], ["http://[::1]:3000"]])("allows the sandbox's configuration at %s", (url) => {
    expect(sandboxModeProblems({ ...sandbox, SHOPIFY_APP_URL: url })).toEqual([]);
  });

  it.each<[string, Partial<SandboxModeInput>, RegExp]>([
    ["production", { NODE_ENV: "production" }, /NODE_ENV is production/],
    ["APP_SANDBOX off", { APP_SANDBOX: false }, /APP_SANDBOX is not true/],
    ["a real API secret", { SHOPIFY_API_SECRET: "shpss_0123456789abcdef" }, /not the sandbox's/],
    ["a real API key", { SHOPIFY_API_KEY: "a1b2c3d4e5" }, /not the sandbox's/],
    ["a public app URL", { SHOPIFY_APP_URL: "https://receptionist.example.com" }, /SHOPIFY_APP_URL is not a localhost URL/],
    ["a look-alike host", { SHOPIFY_APP_URL: "http://localhost.example.com" }, /SHOPIFY_APP_URL is not a localhost URL/],
    ["a remote Admin API stand-in", { SANDBOX_ADMIN_API_URL: "https://admin.example.com" }, /SANDBOX_ADMIN_API_URL is not a localhost URL/],
    ["a malformed URL", { SHOPIFY_APP_URL: "not a url" }, /SHOPIFY_APP_URL is not a localhost URL/],
  ])("refuses %s", (_name, change, problem) => {
    const problems = sandboxModeProblems({ ...sandbox, ...change });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(problem);
  });
});
