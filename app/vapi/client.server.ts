// The one place that constructs the Vapi SDK client. Base URL and key come
// from the environment (Vapi's API, or the sandbox's simulator). The SDK's
// own retries are off: it would retry POST /call and POST /phone-number,
// which are not idempotent; the app's retry policy decides instead.
import { VapiClient } from "@vapi-ai/server-sdk";
import { env } from "../env.server";

let client: VapiClient | undefined;

export function vapiClient(): VapiClient {
  client ??= new VapiClient({
    token: env.VAPI_API_KEY,
    baseUrl: env.VAPI_BASE_URL,
    maxRetries: 0,
    // A slow answer is retried by our policy (after looking for what it may have created).
    timeoutInSeconds: env.VAPI_TIMEOUT_SECONDS,
  });
  return client;
}
