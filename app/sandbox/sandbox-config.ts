// The sandbox's fixed, documented credentials (README "Sandbox"). They guard
// nothing real: every server they open is local, and sandbox mode is refused
// in production.
export const SANDBOX_CREDENTIALS = {
  shopifyApiKey: "sandbox-api-key",
  shopifyApiSecret: "sandbox-api-secret",
  adminAccessToken: "shpat_sandbox_demo_token",
  vapiApiKey: "sandbox-vapi-key",
  vapiWebhookSecret: "sandbox-webhook-secret-0123456789",
} as const;

export const SANDBOX_SCOPES = "read_orders,read_products,read_customers";
