// The admin pages as a merchant meets them, at desktop (1280 px) and phone
// (390 px) widths: home, the receptionist, the calls list, a call, the data
// requests, the check-in schedules, a schedule (new and saved), a planned
// check-in call, store info and the messages inbox each have a document title, fit the phone without sideways scrolling, and
// have no critical or serious axe-core violation inside the app's frame; a
// call opens from the Calls list with the keyboard alone; an unknown call's
// not-found page keeps the navigation and offers a way back, with no React
// hydration error. Independent of the other spec files: it sets the
// receptionist up if needed (to receive a call) and removes it again when it
// was the one that set it up.
import { createHmac, randomUUID } from "node:crypto";
import { readFile } from "node:fs/promises";
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Frame, type Page } from "@playwright/test";
import { SANDBOX_CREDENTIALS } from "../../app/sandbox/sandbox-config";
import { addSchedule, deleteAllSchedules } from "./checkins";
import { ensureReceptionist, inFreshSandboxPage, removeReceptionist } from "./sandbox";

const SCREENSHOTS = "tests/artifacts/screenshots";
const WIDTHS = [1280, 390] as const;

// Landmark rules the Shopify admin's own page satisfies around the app's
// frame (its <main> and navigation landmarks are outside the iframe).
const LANDMARK_RULES_OF_THE_ADMIN = ["region", "landmark-one-main"];

interface AppPage {
  name: string;
  path: () => string;
  heading: string | RegExp;
  title: string | RegExp;
}

let callPath = "";
let schedulePath = "";
let jobPath = "";
const PERSON = "Alex (pages spec)";
// Emma, the demo shop's customer who calls (app/sandbox/fixtures/demo-shop.ts).
const EMMA = { id: 7610000000001, name: "Emma Johnson", email: "emma.johnson@example.com", phone: "+16175550101" };
let setUpHere = false;

const PAGES: AppPage[] = [
  { name: "home", path: () => "/app", heading: "Harbor & Pine Outfitters", title: "Home · AI Receptionist" },
  { name: "receptionist", path: () => "/app/receptionist", heading: "AI receptionist", title: "AI receptionist · AI Receptionist" },
  { name: "calls", path: () => "/app/calls", heading: "Calls", title: "Calls · AI Receptionist" },
  { name: "call-detail", path: () => callPath, heading: "Call", title: /^Call, [A-Z][a-z]{2}, .+ E[SD]T · AI Receptionist$/ },
  { name: "data-requests", path: () => "/app/data-requests", heading: "Customer data requests", title: "Customer data requests · AI Receptionist" },
  { name: "checkins", path: () => "/app/checkins", heading: "Check-in calls", title: "Check-in calls · AI Receptionist" },
  {
    name: "checkin-schedule-new",
    path: () => "/app/checkins/new",
    heading: "New check-in schedule",
    title: "New check-in schedule · Check-in calls · AI Receptionist",
  },
  { name: "checkin-schedule", path: () => schedulePath, heading: PERSON, title: `${PERSON} · Check-in calls · AI Receptionist` },
  { name: "checkin-job", path: () => jobPath, heading: `Check-in call to ${PERSON}`, title: /^Check-in call, .+ · AI Receptionist$/ },
  { name: "store-info", path: () => "/app/knowledge", heading: "Store info", title: "Store info · AI Receptionist" },
  { name: "messages", path: () => "/app/messages", heading: "Messages", title: "Messages · AI Receptionist" },
];

/** Console errors of the page and its frames, collected while a test runs. */
function consoleErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(message.text());
  });
  page.on("pageerror", (error) => errors.push(error.message));
  return errors;
}

/** The app's frame (the iframe the sandbox admin loads the app in). */
async function appFrame(page: Page): Promise<Frame> {
  const frame = await (await page.locator("#app-frame").elementHandle())?.contentFrame();
  if (!frame) throw new Error("the app frame is missing");
  return frame;
}

test.describe.configure({ mode: "serial" });

test("a customer call to look at", async ({ page }) => {
  await page.goto("/sandbox");
  setUpHere = await ensureReceptionist(page);
  await page.getByRole("button", { name: "Simulate a customer call" }).click();
  await expect(page).toHaveURL(/\/sandbox\?path=(%2F|\/)app(%2F|\/)calls$/, { timeout: 20_000 });
  const app = page.frameLocator("#app-frame");
  const href = await app.getByRole("table").locator("tbody tr").first().locator("a[data-primary-link]").getAttribute("href");
  expect(href).toMatch(/^\/app\/calls\/[\w-]+/);
  callPath = new URL(href!, "http://app").pathname;

  // Emma asks the store for her data (Shopify's customers/data_request, signed as Shopify signs it): the worker gathers the report.
  const body = JSON.stringify({
    shop_id: 1,
    shop_domain: "sandbox-demo.myshopify.com",
    customer: { id: EMMA.id, email: EMMA.email, phone: EMMA.phone },
    orders_requested: [],
    data_request: { id: 9001 },
  });
  const delivered = await page.request.post("/webhooks/customers/data_request", {
    data: body,
    headers: {
      "Content-Type": "application/json",
      "X-Shopify-Hmac-Sha256": createHmac("sha256", SANDBOX_CREDENTIALS.shopifyApiSecret).update(body).digest("base64"),
      "X-Shopify-Topic": "customers/data_request",
      "X-Shopify-Shop-Domain": "sandbox-demo.myshopify.com",
      "X-Shopify-API-Version": "2026-07",
      "X-Shopify-Webhook-Id": randomUUID(),
      "X-Shopify-Triggered-At": new Date().toISOString(),
      "X-Shopify-Event-Id": randomUUID(),
    },
  });
  expect(delivered.status()).toBe(200);
  await page.goto("/sandbox?path=/app/data-requests");
  await expect(async () => {
    await page.reload();
    await expect(app.getByRole("heading", { name: EMMA.name, level: 2 }).first()).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 30_000 });

  // A check-in schedule with a planned call, for the schedule's page and the job's page.
  await deleteAllSchedules(page);
  const schedule = await addSchedule(page, { person: PERSON, phone: "+12125550166", time: "11:45pm", timezone: "America/New_York" });
  const jobHref = await schedule.locator('a[href*="/jobs/"]').first().getAttribute("href");
  expect(jobHref).toMatch(/^\/app\/checkins\/[\w-]+\/jobs\/[\w-]+/);
  jobPath = new URL(jobHref!, "http://app").pathname;
  schedulePath = jobPath.slice(0, jobPath.indexOf("/jobs/"));
});

for (const width of WIDTHS) {
  for (const appPage of PAGES) {
    test(`${appPage.name} at ${width} px: titled, fits, no serious axe violation`, async ({ page }) => {
      const errors = consoleErrors(page);
      await page.setViewportSize({ width, height: 900 });
      await page.goto(`/sandbox?path=${appPage.path()}`);
      const app = page.frameLocator("#app-frame");
      await expect(app.getByRole("heading", { name: appPage.heading, level: 1 })).toBeVisible();
      const frame = await appFrame(page);
      await expect.poll(() => frame.title()).toMatch(appPage.title);

      // Nothing wider than the frame: no sideways scrolling, nothing cut off.
      const { scrollWidth, innerWidth } = await frame.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth }));
      expect(scrollWidth).toBeLessThanOrEqual(innerWidth);
      if (appPage.name === "home") {
        // Today's column of the week chart (the last one) ends inside the frame.
        const days = app.locator('[data-testid^="day-"]');
        if ((await days.count()) > 0) {
          const box = await days.last().evaluate((element) => element.getBoundingClientRect().right);
          expect(box).toBeLessThanOrEqual(innerWidth);
        }
      }
      if (appPage.name === "calls" && width < 500) {
        // Condensed rows (a list, not a table wider than the phone): the outcome and summary are on screen.
        await expect(app.getByRole("table")).toHaveCount(0);
        const row = app.locator("a[data-primary-link]").first().locator("xpath=ancestor::li[1]");
        await expect(row.getByText("Completed", { exact: true })).toBeInViewport();
        await expect(row.getByText(/Emma asked about flannel shirts/)).toBeInViewport();
      }
      if (appPage.name === "checkin-schedule" && width < 500) {
        // The planned call's Cancel is on the phone's screen, not in a table scrolled sideways.
        const cancelRight = await app
          .getByRole("button", { name: "Cancel", exact: true })
          .first()
          .evaluate((element) => element.getBoundingClientRect().right);
        expect(cancelRight).toBeLessThanOrEqual(innerWidth);
      }
      await page.screenshot({ path: `${SCREENSHOTS}/${appPage.name}-${width}.png`, fullPage: true });

      // The whole admin page is scanned (axe descends into the frame) and only the nodes inside the app's frame count.
      // axe checks document-title on the top document only: the frame's own title is asserted above.
      const results = await new AxeBuilder({ page }).disableRules(LANDMARK_RULES_OF_THE_ADMIN).analyze();
      // A node inside a frame is targeted as [frame selector, selector in the frame]; the admin has only the app's frame.
      const inFrame = (node: { target: unknown[] }) => Array.isArray(node.target) && node.target.length > 1;
      // The scan really reached the frame: rules passed on nodes inside it.
      expect(results.passes.filter((rule) => rule.nodes.some(inFrame)).length).toBeGreaterThan(5);
      const serious = results.violations
        .filter((violation) => violation.impact === "critical" || violation.impact === "serious")
        .map((violation) => ({ ...violation, nodes: violation.nodes.filter(inFrame) }))
        .filter((violation) => violation.nodes.length > 0);
      expect(
        serious.map((violation) => `${violation.id} (${violation.impact}): ${violation.nodes.map((node) => JSON.stringify(node.target)).join(", ")}`),
      ).toEqual([]);
      expect(errors.filter((text) => /hydrat|#418|#423|#425/i.test(text))).toEqual([]);
    });
  }
}

test("a call's page opens from the Calls list with the keyboard alone", async ({ page }) => {
  await page.goto("/sandbox?path=/app/calls");
  const app = page.frameLocator("#app-frame");
  await expect(app.getByRole("table")).toBeVisible();
  const frame = await appFrame(page);
  // Tab from the top of the admin until a call's link has the focus.
  const onCallLink = () => frame.evaluate(() => document.activeElement?.matches("a[data-primary-link]") ?? false);
  let tabs = 0;
  while (!(await onCallLink())) {
    tabs += 1;
    expect(tabs, "Tab never reaches a call's link").toBeLessThan(60);
    await page.keyboard.press("Tab");
  }
  await page.keyboard.press("Enter");
  await expect(app.getByRole("heading", { name: "Call", level: 1, exact: true })).toBeVisible();
  await expect(app.getByRole("heading", { name: "Summary", exact: true })).toBeVisible();
  expect(new URL(frame.url()).pathname).toMatch(/^\/app\/calls\/[\w-]+$/);
});

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

test("a verified caller's call names them and links to them and the order in the Shopify admin", async ({ page }) => {
  await page.goto(`/sandbox?path=${callPath}`);
  const app = page.frameLocator("#app-frame");
  await expect(app.getByRole("heading", { name: EMMA.name, level: 2 })).toBeVisible();
  await expect(app.getByText("Verified", { exact: true })).toBeVisible();
  await expect(app.getByRole("link", { name: `View ${EMMA.name} in Shopify` })).toHaveAttribute(
    "href",
    `https://admin.shopify.com/store/sandbox-demo/customers/${EMMA.id}`,
  );
  await expect(app.getByRole("link", { name: "View order #1001 in Shopify" })).toHaveAttribute(
    "href",
    /^https:\/\/admin\.shopify\.com\/store\/sandbox-demo\/orders\/\d+$/,
  );
  // The caller's number in the store's format, E.164 on hover.
  await expect(app.getByText("(617) 555-0101", { exact: true }).first()).toHaveAttribute("title", EMMA.phone);
  // The calls list names her too.
  await page.goto("/sandbox?path=/app/calls");
  await expect(app.locator("a[data-primary-link]").first()).toContainText(EMMA.name);
});

test("a data request: who asked, what is stored, Download JSON and Mark as sent", async ({ page }) => {
  await page.goto("/sandbox?path=/app/data-requests");
  const app = page.frameLocator("#app-frame");
  const card = app
    .getByTestId("data-report")
    .filter({ has: app.getByRole("heading", { name: EMMA.name, level: 2 }) })
    .first();
  await expect(card.getByText(`Email: ${EMMA.email}`)).toBeVisible();
  await expect(card.getByText("(617) 555-0101")).toHaveAttribute("title", EMMA.phone);
  await expect(card.getByText(/^\d+ calls?: \d+ customer calls?/)).toBeVisible();
  await expect(card.getByText(/Gathered [A-Z][a-z]{2}, .+ E[SD]T/)).toBeVisible();
  // Nothing raw: no ISO instants, no customer id, no JSON dump.
  const text = (await card.textContent()) ?? "";
  expect(text).not.toMatch(/\d{4}-\d{2}-\d{2}T|7610000000001|"calls"|inbound|outbound/);

  // Download JSON: the report whole, as a file named for the store and the customer.
  const downloading = page.waitForEvent("download");
  await card.getByRole("button", { name: `Download JSON for ${EMMA.name}` }).click();
  const file = await downloading;
  expect(file.suggestedFilename()).toMatch(new RegExp(`^sandbox-demo-customer-${EMMA.id}-data-\\d{4}-\\d{2}-\\d{2}\\.json$`));
  const saved = JSON.parse(await readFile((await file.path())!, "utf8")) as { customer: { id: number }; calls: Array<{ transcript: string | null }> };
  expect(saved.customer.id).toBe(EMMA.id);
  expect(saved.calls.some((call) => call.transcript?.includes("flannel"))).toBe(true);

  // Mark as sent: the badge says when, the button is gone.
  await expect(card.getByText("Not sent yet")).toBeVisible();
  await card.getByRole("button", { name: `Mark as sent: the report for ${EMMA.name}` }).click();
  await expect(app.getByRole("status").filter({ hasText: "Marked as sent" })).toBeVisible();
  await expect(card.getByText(/^Sent [A-Z][a-z]{2}, .+ E[SD]T$/)).toBeVisible();
  await expect(card.getByRole("button", { name: /^Mark as sent/ })).toHaveCount(0);
  await page.screenshot({ path: `${SCREENSHOTS}/data-request-sent.png`, fullPage: true });
});

test.afterAll(async ({ browser }, testInfo) => {
  await inFreshSandboxPage(browser, testInfo, deleteAllSchedules);
  if (setUpHere) await inFreshSandboxPage(browser, testInfo, removeReceptionist);
});
