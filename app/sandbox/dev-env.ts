// The environment `shopify app dev` gives the app's processes (dev-server.ts), as a pure function. The Shopify
// CLI passes the app's keys, scopes and port, and its URL as HOST (Shopify's own app template maps HOST to
// SHOPIFY_APP_URL the same way), but not the app's .env: the Vapi keys and the rest come from that file here.
// What the CLI or the shell set wins over the file.
import { parseEnv } from "node:util";

type Environment = Record<string, string | undefined>;

export function devEnvironment(processEnv: Environment, dotenv: string | null): Environment {
  const env: Environment = { ...(dotenv === null ? {} : parseEnv(dotenv)), ...processEnv };
  if (processEnv.HOST && !processEnv.SHOPIFY_APP_URL) env.SHOPIFY_APP_URL = processEnv.HOST;
  return env;
}
