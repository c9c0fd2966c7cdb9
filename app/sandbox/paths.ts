// URLs of the sandbox's stand-ins for the Shopify admin (sandbox mode only).
export const SANDBOX_ADMIN_PATH = "/sandbox";
export const SANDBOX_APP_BRIDGE_PATH = "/sandbox/app-bridge.js";
export const SANDBOX_SESSION_TOKEN_PATH = "/sandbox/session-token";
