import { json } from "@remix-run/node";
import { mintSessionToken } from "../sandbox/session-token.server";
import { requireSandboxMode, sandboxTokenClaims } from "../sandbox/sandbox-mode.server";

// What App Bridge's shopify.idToken() returns inside the real admin.
export const loader = async () => {
  requireSandboxMode();
  const ttlSeconds = 60;
  const token = await mintSessionToken({ ...sandboxTokenClaims(), ttlSeconds });
  return json({ token, expiresAt: Date.now() + ttlSeconds * 1000 }, { headers: { "Cache-Control": "no-store" } });
};
