// The sandbox's stand-in for the Shopify admin, served by the sandbox's own
// app server (app-server.ts) in front of the Remix build, so none of it is
// in the production build: the admin page that frames the embedded app as the
// admin does, the App Bridge stand-in, the session-token endpoint App Bridge's
// idToken() stands for, and the simulated customer call.
import express, { type Express, type Response as ExpressResponse } from "express";
import pg from "pg";
import { env } from "../env.server";
import { appBridgeStandInScript } from "./app-bridge-stand-in";
import { demoCustomerCall } from "./customer-call";
import { DEMO_SHOP_DOMAIN } from "./fixtures/demo-shop";
import { SANDBOX_ADMIN_PATH, SANDBOX_APP_BRIDGE_PATH, SANDBOX_SESSION_TOKEN_PATH } from "./paths";
import { SANDBOX_CREDENTIALS } from "./sandbox-config";
import { embeddedAppUrl, mintSessionToken, type SessionTokenClaims } from "./session-token.server";

const TOKEN_TTL_SECONDS = 60;

/** Token claims for the demo shop, signed with the sandbox's own secret (never a real one). */
export function sandboxTokenClaims(): SessionTokenClaims {
  return { shop: DEMO_SHOP_DOMAIN, apiKey: SANDBOX_CREDENTIALS.shopifyApiKey, apiSecret: SANDBOX_CREDENTIALS.shopifyApiSecret };
}

function noStore(res: ExpressResponse, contentType: string): ExpressResponse {
  return res.set({ "Content-Type": contentType, "Cache-Control": "no-store" });
}

export function mountSandboxAdmin(app: Express): void {
  // Shopify's headers only let the admin frame the app; this admin page
  // frames it from the app's own origin.
  app.use((_req, res, next) => {
    const setHeader = res.setHeader.bind(res);
    res.setHeader = (name, value) =>
      setHeader(name, name.toLowerCase() === "content-security-policy" ? String(value).replace("frame-ancestors", "frame-ancestors 'self'") : value);
    next();
  });

  app.get(SANDBOX_ADMIN_PATH, async (req, res) => {
    const requested = typeof req.query.path === "string" ? req.query.path : "/app";
    // Only the app's own pages can be framed.
    const path = /^\/app(\/[\w-]+)*$/.test(requested) ? requested : "/app";
    const claims = sandboxTokenClaims();
    noStore(res, "text/html; charset=utf-8").send(adminPage(claims.shop, await embeddedAppUrl(path, claims)));
  });

  app.get(SANDBOX_APP_BRIDGE_PATH, (_req, res) => {
    noStore(res, "text/javascript; charset=utf-8").send(appBridgeStandInScript({ tokenPath: SANDBOX_SESSION_TOKEN_PATH }));
  });

  app.get(SANDBOX_SESSION_TOKEN_PATH, async (_req, res) => {
    const token = await mintSessionToken({ ...sandboxTokenClaims(), ttlSeconds: TOKEN_TTL_SECONDS });
    res.set("Cache-Control", "no-store").json({ token, expiresAt: Date.now() + TOKEN_TTL_SECONDS * 1000 });
  });

  // Asks the Vapi simulator for a customer call to the demo shop's number,
  // then shows the calls page (the end-of-call report reaches the app by webhook).
  app.post("/sandbox/simulate-call", express.urlencoded({ extended: false }), async (_req, res) => {
    const phoneNumberId = await demoShopPhoneNumberId();
    if (!phoneNumberId) {
      res.status(409).type("text/plain").send("Set up the AI receptionist first: the simulated customer needs its number to call.");
      return;
    }
    const response = await fetch(new URL("/__sim/inbound-call", env.VAPI_BASE_URL), {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(demoCustomerCall(phoneNumberId)),
    });
    if (!response.ok) {
      res
        .status(502)
        .type("text/plain")
        .send(`The Vapi simulator refused the call: ${await response.text()}`);
      return;
    }
    res.redirect(`${SANDBOX_ADMIN_PATH}?path=/app/calls`);
  });
}

/** One read, on the sandbox's own connection (not the build's Prisma client). */
async function demoShopPhoneNumberId(): Promise<string | null> {
  const client = new pg.Client({ connectionString: env.DATABASE_URL });
  await client.connect();
  try {
    const { rows } = await client.query<{ phoneNumberId: string | null }>('SELECT "phoneNumberId" FROM "Shop" WHERE domain = $1', [DEMO_SHOP_DOMAIN]);
    return rows[0]?.phoneNumberId ?? null;
  } finally {
    await client.end();
  }
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

function adminPage(shop: string, src: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8"><title>Sandbox admin · ${escapeHtml(shop)}</title>
<style>
  body { margin: 0; display: grid; grid-template-columns: 220px 1fr; grid-template-rows: 48px 1fr; height: 100vh; font: 14px system-ui, sans-serif; background: #f1f1f1; }
  header { grid-column: 1 / 3; background: #1a1a1a; color: #e3e3e3; display: flex; align-items: center; gap: 12px; padding: 0 16px; }
  header strong { color: #fff; }
  nav { padding: 12px 8px; }
  nav a { display: block; padding: 6px 10px; border-radius: 8px; color: #303030; text-decoration: none; cursor: pointer; }
  nav a.current { background: #fff; font-weight: 600; }
  nav h2 { font-size: 12px; color: #616161; margin: 8px 10px; text-transform: uppercase; }
  nav .simulate { margin: 4px 10px; padding: 6px 10px; border-radius: 8px; border: 1px solid #8a8a8a; background: #fff; cursor: pointer; font: inherit; }
  nav .hint { margin: 4px 10px; color: #616161; font-size: 12px; }
  iframe { border: 0; width: 100%; height: 100%; background: #f1f1f1; }
  /* On a phone the Shopify admin gives the app the whole width and folds its navigation into a menu: here, a strip above the app. */
  @media (max-width: 760px) {
    body { grid-template-columns: 1fr; grid-template-rows: 48px auto 1fr; }
    header { grid-column: 1; }
    header .sandbox-notice, nav h2, nav form, nav .hint { display: none; }
    nav, #app-nav { display: flex; gap: 4px; overflow-x: auto; white-space: nowrap; }
    nav { padding: 4px 8px; }
  }
</style>
</head>
<body>
<header><strong>Sandbox admin</strong><span>${escapeHtml(shop)}</span><span class="sandbox-notice" style="margin-left:auto;opacity:.7">Local sandbox: no Shopify or Vapi account involved</span></header>
<nav aria-label="App navigation"><h2>AI Receptionist</h2><div id="app-nav"></div>
  <h2>Sandbox</h2>
  <form method="post" action="/sandbox/simulate-call"><button type="submit" class="simulate">Simulate a customer call</button></form>
  <p class="hint">Emma calls your receptionist number and asks about flannel shirts and her order #1001.</p>
</nav>
<main><iframe id="app-frame" title="AI Receptionist" src="${escapeHtml(src)}"></iframe></main>
<script>
  const frame = document.getElementById("app-frame");
  const nav = document.getElementById("app-nav");
  window.addEventListener("message", (event) => {
    if (event.origin !== location.origin || event.data?.type !== "sandbox:nav") return;
    nav.replaceChildren(...event.data.links.map(({ label, href }) => {
      const link = document.createElement("a");
      link.textContent = label;
      link.className = href === event.data.path ? "current" : "";
      link.onclick = () => frame.contentWindow.postMessage({ type: "sandbox:navigate", href }, location.origin);
      return link;
    }));
  });
</script>
</body>
</html>`;
}
