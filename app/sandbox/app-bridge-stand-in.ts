// A stand-in for Shopify's App Bridge script, which loads from Shopify's CDN
// and cannot load offline. It does what the app relies on App Bridge for:
// session tokens on the app's own fetches, the bounce page's reload, the nav
// menu and toasts. Served (as the source of `standIn`) by the sandbox's app server.

export interface StandInConfig {
  tokenPath: string;
}

/** Runs in the browser: must be self-contained (no imports, no closures). */
function standIn(config: StandInConfig) {
  type TokenResponse = { token: string; expiresAt: number };
  const originalFetch = window.fetch.bind(window);
  let cached: TokenResponse | null = null;

  async function idToken(): Promise<string> {
    // Shopify's tokens live a minute: refresh shortly before expiry.
    if (cached && cached.expiresAt - 10_000 > Date.now()) return cached.token;
    const response = await originalFetch(config.tokenPath, { credentials: "same-origin", cache: "no-store" });
    cached = (await response.json()) as TokenResponse;
    return cached.token;
  }

  // App Bridge adds the token to the app's own requests (loaders, actions).
  window.fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = new Request(input, init);
    const url = new URL(request.url);
    if (url.origin !== window.location.origin || url.pathname.startsWith("/sandbox/")) return originalFetch(request);
    const send = async (attempt: Request) => {
      const headers = new Headers(attempt.headers);
      headers.set("Authorization", `Bearer ${await idToken()}`);
      return originalFetch(new Request(attempt, { headers }));
    };
    const response = await send(request.clone());
    if (response.status === 401 && response.headers.get("X-Shopify-Retry-Invalid-Session-Request") === "1") {
      cached = null;
      return send(request);
    }
    return response;
  };

  function toast(message: string, options?: { isError?: boolean; duration?: number }) {
    const element = document.createElement("div");
    element.setAttribute("role", "status");
    element.textContent = message;
    element.style.cssText = `position:fixed;bottom:24px;left:50%;transform:translateX(-50%);z-index:1000;padding:10px 16px;border-radius:8px;font:14px system-ui,sans-serif;color:#fff;background:${options?.isError ? "#8e1f0b" : "#303030"}`;
    document.body.appendChild(element);
    setTimeout(() => element.remove(), options?.duration ?? 3000);
    return String(Date.now());
  }

  // App Bridge renders these elements in the admin's chrome, not in the app.
  const hidden = document.createElement("style");
  hidden.textContent = "ui-nav-menu, ui-title-bar, ui-save-bar, ui-modal { display: none !important; }";
  document.head.appendChild(hidden);

  // App Bridge draws <ui-save-bar> in the admin's chrome: a bar whose Save
  // and Discard buttons stand for the element's own buttons (the one with
  // variant="primary" is Save). Here it is drawn at the top of the frame.
  class SaveBarElement extends HTMLElement {
    private bar: HTMLElement | null = null;
    private readonly observer = new MutationObserver(() => this.render());
    get showing() {
      return this.bar !== null;
    }
    async show() {
      if (this.bar) return;
      this.bar = document.createElement("div");
      this.bar.setAttribute("role", "region");
      this.bar.setAttribute("aria-label", "Unsaved changes");
      this.bar.style.cssText =
        "position:fixed;top:0;left:0;right:0;z-index:1000;display:flex;gap:8px;align-items:center;padding:8px 16px;background:#1a1a1a;color:#fff;font:14px system-ui,sans-serif";
      document.body.appendChild(this.bar);
      this.observer.observe(this, { subtree: true, childList: true, attributes: true, characterData: true });
      this.render();
      this.dispatchEvent(new Event("show"));
    }
    async hide() {
      if (!this.bar) return;
      this.observer.disconnect();
      this.bar.remove();
      this.bar = null;
      this.dispatchEvent(new Event("hide"));
    }
    async toggle() {
      return this.showing ? this.hide() : this.show();
    }
    disconnectedCallback() {
      void this.hide();
    }
    private render() {
      if (!this.bar) return;
      const label = document.createElement("span");
      label.textContent = "Unsaved changes";
      label.style.flex = "1";
      const sources = Array.from(this.querySelectorAll("button"));
      // Discard first, Save last, as in the admin.
      sources.sort((a, b) => Number(a.getAttribute("variant") === "primary") - Number(b.getAttribute("variant") === "primary"));
      const buttons = sources.map((source) => {
        const button = document.createElement("button");
        button.type = "button";
        button.textContent = source.textContent;
        button.disabled = source.disabled;
        if (source.hasAttribute("loading")) button.setAttribute("aria-busy", "true");
        button.addEventListener("click", () => source.click());
        return button;
      });
      this.bar.replaceChildren(label, ...buttons);
    }
  }
  if (!customElements.get("ui-save-bar")) customElements.define("ui-save-bar", SaveBarElement);
  const saveBar = (id: string) => document.getElementById(id) as SaveBarElement | null;

  const noop = () => undefined;
  Object.assign(window, {
    shopify: {
      idToken,
      toast: { show: toast, hide: noop },
      loading: noop,
      modal: { show: noop, hide: noop, toggle: noop },
      saveBar: {
        show: async (id: string) => saveBar(id)?.show(),
        hide: async (id: string) => saveBar(id)?.hide(),
        toggle: async (id: string) => saveBar(id)?.toggle(),
        leaveConfirmation: async () => undefined,
      },
      environment: { embedded: true, mobile: false, pos: false },
    },
  });

  // The bounce page (/auth/session-token) asks App Bridge to reload the app
  // with a fresh token; only same-origin targets are honoured.
  const reload = new URLSearchParams(window.location.search).get("shopify-reload");
  if (reload) {
    const target = new URL(reload, window.location.origin);
    const sameOrigin = new URL(`${target.pathname}${target.search}`, window.location.origin);
    void idToken().then((token) => {
      sameOrigin.searchParams.set("id_token", token);
      window.location.replace(sameOrigin.toString());
    });
  }

  // App Bridge moves <ui-nav-menu> links into the admin's sidebar: send them
  // to the sandbox admin page, and follow its clicks with the app's own links
  // so navigation stays client-side.
  function publishNav() {
    const links = Array.from(document.querySelectorAll("ui-nav-menu a")).map((link) => ({
      label: link.textContent ?? "",
      href: link.getAttribute("href") ?? "",
    }));
    window.parent.postMessage({ type: "sandbox:nav", links, path: window.location.pathname }, window.location.origin);
  }
  window.addEventListener("message", (event) => {
    if (event.origin !== window.location.origin || event.data?.type !== "sandbox:navigate") return;
    const link = Array.from(document.querySelectorAll<HTMLAnchorElement>("ui-nav-menu a")).find(
      (candidate) => candidate.getAttribute("href") === event.data.href,
    );
    link?.click();
  });
  if (window.parent !== window) {
    new MutationObserver(publishNav).observe(document.documentElement, { childList: true, subtree: true });
    window.addEventListener("load", publishNav);
  }
}

export function appBridgeStandInScript(config: StandInConfig): string {
  // tsx (which runs the sandbox's server) compiles with esbuild's keepNames,
  // which wraps inner functions in a __name(fn, "name") helper that does not
  // exist in the browser: give the serialized source a no-op one.
  return `(() => { const __name = (fn) => fn; (${standIn.toString()})(${JSON.stringify(config)}); })();`;
}
