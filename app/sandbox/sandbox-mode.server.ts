// When the sandbox's app server agrees to run: never in production, only with
// the sandbox's own documented credentials (so the tokens it mints are signed
// with a secret that guards nothing, never a real SHOPIFY_API_SECRET), and
// only on a local URL (nobody else can reach what it serves).
import { SANDBOX_CREDENTIALS } from "./sandbox-config";

export interface SandboxModeInput {
  NODE_ENV?: string;
  APP_SANDBOX?: boolean;
  SHOPIFY_API_KEY: string;
  SHOPIFY_API_SECRET: string;
  SHOPIFY_APP_URL: string;
  SANDBOX_ADMIN_API_URL?: string;
}

const LOCAL_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);

function isLocalUrl(value: string): boolean {
  try {
    return LOCAL_HOSTS.has(new URL(value).hostname);
  } catch {
    return false;
  }
}

/** Why sandbox mode is refused for this configuration; empty when it may run. */
export function sandboxModeProblems(env: SandboxModeInput): string[] {
  const problems: string[] = [];
  if (env.NODE_ENV === "production") problems.push("NODE_ENV is production");
  if (!env.APP_SANDBOX) problems.push("APP_SANDBOX is not true");
  if (env.SHOPIFY_API_KEY !== SANDBOX_CREDENTIALS.shopifyApiKey || env.SHOPIFY_API_SECRET !== SANDBOX_CREDENTIALS.shopifyApiSecret) {
    problems.push('the Shopify API key and secret are not the sandbox\'s (README "The sandbox")');
  }
  if (!isLocalUrl(env.SHOPIFY_APP_URL)) problems.push("SHOPIFY_APP_URL is not a localhost URL");
  if (env.SANDBOX_ADMIN_API_URL && !isLocalUrl(env.SANDBOX_ADMIN_API_URL)) problems.push("SANDBOX_ADMIN_API_URL is not a localhost URL");
  return problems;
}

export function assertSandboxMode(env: SandboxModeInput): void {
  const problems = sandboxModeProblems(env);
  if (problems.length > 0) throw new Error(`Sandbox mode refused: ${problems.join("; ")}.`);
}
