// The admin pages as a merchant meets them: errors a merchant can act on (an
// unknown call's not-found page keeps the navigation and offers a way back,
// with no React hydration error).
import { expect, test, type Page } from "@playwright/test";

const SCREENSHOTS = "tests/artifacts/screenshots";

/** Console errors of the page and its frames, collected while a test runs. */
function consoleErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(message.text());
  });
  page.on("pageerror", (error) => errors.push(error.message));
  return errors;
}

test("an unknown call id shows a not-found page with the navigation and a way back", async ({ page }) => {
  const errors = consoleErrors(page);
  await page.goto("/sandbox?path=/app/calls/cmx0000000000000000000000");
  const app = page.frameLocator("#app-frame");
  await expect(app.getByRole("heading", { name: "Call not found", level: 1 })).toBeVisible();
  await expect(app.getByText("There is no such call in this store.", { exact: false })).toBeVisible();
  await expect(app.getByText(/^404$/)).toHaveCount(0);
  // The app's navigation is still published to the admin.
  await expect(page.getByRole("navigation").getByText("Calls", { exact: true })).toBeVisible();
  await page.screenshot({ path: `${SCREENSHOTS}/call-not-found.png`, fullPage: true });
  expect(errors.filter((text) => /hydrat|#418|#423|#425/i.test(text))).toEqual([]);

  // A malformed id (not a call id at all) is the same page, not a server error (calls-view.test.ts covers NUL bytes, quotes, surrogates).
  await page.goto(`/sandbox?path=/app/calls/${"x".repeat(300)}`);
  await expect(app.getByRole("heading", { name: "Call not found", level: 1 })).toBeVisible();

  // The way back leads to the calls list.
  await app.getByRole("link", { name: "Back to Calls" }).click();
  await expect(app.getByRole("heading", { name: "Calls", level: 1, exact: true })).toBeVisible();
});
