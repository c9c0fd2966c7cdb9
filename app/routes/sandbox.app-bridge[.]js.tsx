import { appBridgeStandInScript } from "../sandbox/app-bridge-stand-in";
import { SANDBOX_SESSION_TOKEN_PATH } from "../sandbox/paths";
import { requireSandboxMode } from "../sandbox/sandbox-mode.server";

export const loader = async () => {
  requireSandboxMode();
  return new Response(appBridgeStandInScript({ tokenPath: SANDBOX_SESSION_TOKEN_PATH }), {
    headers: { "Content-Type": "text/javascript; charset=utf-8", "Cache-Control": "no-store" },
  });
};
