// Helpers for driving the sandbox admin in browser tests.
import { readFileSync } from "node:fs";
import path from "node:path";
import { expect, type Browser, type FrameLocator, type Page, type TestInfo } from "@playwright/test";

/** The Vapi simulator's URL, written by the sandbox at start (.data/sandbox-urls-<port>.json). */
export function simulatorUrl(): string {
  const port = process.env.E2E_PORT ?? "3917";
  const file = path.resolve(`.data/sandbox-urls-${port}.json`);
  return (JSON.parse(readFileSync(file, "utf8")) as { vapiBaseUrl: string }).vapiBaseUrl;
}

/** Opens an app page through the admin's sidebar (the app's nav, published by the App Bridge stand-in). */
export async function openFromNav(page: Page, label: string, heading: string): Promise<FrameLocator> {
  const app = page.frameLocator("#app-frame");
  await page.getByRole("navigation").getByText(label, { exact: true }).click();
  await expect(app.getByRole("heading", { name: heading, level: 1, exact: true })).toBeVisible();
  return app;
}

/** Sets the receptionist up if it is not active; true if this call did it. */
export async function ensureReceptionist(page: Page): Promise<boolean> {
  const app = await openFromNav(page, "AI receptionist", "AI receptionist");
  const numberElement = app.getByTestId("receptionist-number");
  const setupHeading = app.getByRole("heading", { name: "Set up your AI receptionist" });
  await expect(numberElement.or(setupHeading)).toBeVisible();
  const setUp = await setupHeading.isVisible();
  if (setUp) await app.getByRole("button", { name: "Set up AI receptionist" }).click();
  await expect(numberElement).toBeVisible({ timeout: 20_000 });
  return setUp;
}

/** Removes the receptionist through its page (releasing the number at the simulator). */
export async function removeReceptionist(page: Page): Promise<void> {
  const app = await openFromNav(page, "AI receptionist", "AI receptionist");
  await app.getByRole("button", { name: "Remove receptionist" }).click();
  await app.getByRole("button", { name: "Remove", exact: true }).click();
  await expect(app.getByRole("heading", { name: "Set up your AI receptionist" })).toBeVisible({ timeout: 20_000 });
}

/** Runs `act` on the sandbox admin in a fresh browser context (for afterAll clean-ups, which get no page). */
export async function inFreshSandboxPage(browser: Browser, testInfo: TestInfo, act: (page: Page) => Promise<void>): Promise<void> {
  const { baseURL, userAgent, viewport } = testInfo.project.use;
  const context = await browser.newContext({ baseURL, userAgent, viewport });
  const page = await context.newPage();
  try {
    await page.goto("/sandbox");
    await act(page);
  } finally {
    await context.close();
  }
}
