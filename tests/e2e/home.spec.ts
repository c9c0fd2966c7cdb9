// Smoke test: the sandbox's admin frames the embedded app, which renders its
// home page through the real session-token path.
import { expect, test } from "@playwright/test";

test("the app's home page renders inside the sandbox admin", async ({ page }) => {
  const externalRequests: string[] = [];
  page.on("request", (request) => {
    if (!/^http:\/\/(localhost|127\.0\.0\.1)[:/]/.test(request.url()) && !request.url().startsWith("data:")) externalRequests.push(request.url());
  });

  await page.goto("/sandbox");
  const app = page.frameLocator("#app-frame");
  await expect(app.getByRole("heading", { name: "AI receptionist" })).toBeVisible();
  await expect(app.getByText("Harbor & Pine Outfitters")).toBeVisible();
  // The App Bridge stand-in published the app's navigation to the admin.
  await expect(page.getByRole("navigation").getByText("Home")).toBeVisible();
  await page.screenshot({ path: "tests/artifacts/screenshots/home.png", fullPage: true });

  // Shopify's CDN assets are the only outside addresses the page may try.
  expect(externalRequests.filter((url) => !url.startsWith("https://cdn.shopify.com/"))).toEqual([]);
});

test("a session token from another secret is refused by the app", async ({ request }) => {
  const response = await request.get("/app?_data=routes%2Fapp._index", { headers: { Authorization: "Bearer not-a-token" } });
  expect(response.status()).toBe(401);
});
