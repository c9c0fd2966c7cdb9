// The environment every test runs with (documented test credentials, never real ones).
export const TEST_SHOPIFY_API_KEY = "test-api-key";
export const TEST_SHOPIFY_API_SECRET = "test-api-secret";
export const TEST_APP_URL = "https://receptionist.test";
export const TEST_VAPI_API_KEY = "test-vapi-key";
export const TEST_VAPI_WEBHOOK_SECRET = "test-webhook-secret-0123456789";

export const TEST_ENV = {
  NODE_ENV: "test",
  SHOPIFY_API_KEY: TEST_SHOPIFY_API_KEY,
  SHOPIFY_API_SECRET: TEST_SHOPIFY_API_SECRET,
  SHOPIFY_APP_URL: TEST_APP_URL,
  SCOPES: "read_orders,read_products,read_customers",
  VAPI_API_KEY: TEST_VAPI_API_KEY,
  VAPI_WEBHOOK_SECRET: TEST_VAPI_WEBHOOK_SECRET,
  LOG_LEVEL: "warn",
} as const;
