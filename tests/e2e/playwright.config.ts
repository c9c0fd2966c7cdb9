// Browser tests: Debian's Chromium (Playwright cannot download browsers here)
// driving the sandbox (`npm run demo`) on a free port with its own database.
import { defineConfig } from "@playwright/test";

const port = Number(process.env.E2E_PORT ?? 3917);
export const baseURL = `http://localhost:${port}`;

export default defineConfig({
  testDir: ".",
  outputDir: "../artifacts/e2e-results",
  timeout: 60_000,
  workers: 1,
  reporter: [["list"]],
  use: {
    baseURL,
    // Headless Chromium says "HeadlessChrome", which Shopify's library treats
    // as a bot (410 Gone): present a normal Chrome user agent.
    userAgent: "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36",
    viewport: { width: 1280, height: 900 },
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/lib/chromium/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        // Nothing external: Shopify's CDN fails fast instead of hanging on DNS.
        "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1",
      ],
    },
  },
  webServer: {
    command: "node --import tsx app/sandbox/start.ts",
    cwd: "../..",
    url: `${baseURL}/sandbox`,
    timeout: 180_000,
    reuseExistingServer: false,
    stdout: "pipe",
    // One data folder per port, so runs on different E2E_PORTs never share a database.
    env: { PORT: String(port), SANDBOX_DATA_DIR: `.data/e2e-postgres-${port}`, SANDBOX_FRESH: "1" },
  },
});
