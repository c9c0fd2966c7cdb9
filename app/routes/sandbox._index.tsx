import type { LoaderFunctionArgs } from "@remix-run/node";
import { embeddedAppUrl } from "../sandbox/session-token.server";
import { requireSandboxMode, sandboxTokenClaims } from "../sandbox/sandbox-mode.server";

// The sandbox's stand-in for the Shopify admin: a frame around the embedded
// app, loaded as the admin loads it (embedded=1, shop, host, a fresh id_token).
export const loader = async ({ request }: LoaderFunctionArgs) => {
  requireSandboxMode();
  const claims = sandboxTokenClaims();
  const requested = new URL(request.url).searchParams.get("path") ?? "/app";
  // Only the app's own pages can be framed.
  const path = /^\/app(\/[\w-]+)*$/.test(requested) ? requested : "/app";
  const src = await embeddedAppUrl(path, claims);
  return new Response(adminPage(claims.shop, src), {
    headers: { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store" },
  });
};

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
</style>
</head>
<body>
<header><strong>Sandbox admin</strong><span>${escapeHtml(shop)}</span><span style="margin-left:auto;opacity:.7">Local sandbox: no Shopify or Vapi account involved</span></header>
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
