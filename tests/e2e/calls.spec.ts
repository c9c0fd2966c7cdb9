// The calls pages end to end, in the sandbox: the admin's "Simulate a
// customer call" button makes the Vapi simulator play Emma's call against the
// app's real webhook (status updates, tool calls answered from the Admin API
// stand-in, end-of-call report); the calls list and the call's page then show
// what the app recorded. Independent of the other spec files' order: it sets
// the receptionist up if it is not active, and removes it again afterwards
// when it was the one that set it up.
import { expect, test, type FrameLocator, type Page } from "@playwright/test";
import { formatPhone } from "../../app/formatting/phone";
import { inFreshSandboxPage, removeReceptionist } from "./sandbox";

const SCREENSHOTS = "tests/artifacts/screenshots";
const EMMA = "+16175550101";
/** Emma's number as a US store reads it. */
const EMMA_NATIONAL = "(617) 555-0101";
const SUMMARY = "Emma asked about flannel shirts and the status of her order #1001; the receptionist answered both, and she left a message to be called back.";

const shot = (page: Page, name: string) => page.screenshot({ path: `${SCREENSHOTS}/${name}.png`, fullPage: true });

/** Opens an app page through the admin's sidebar (the app's nav, published by the App Bridge stand-in). */
async function openFromNav(page: Page, label: string, heading: string): Promise<FrameLocator> {
  const app = page.frameLocator("#app-frame");
  await page.getByRole("navigation").getByText(label, { exact: true }).click();
  await expect(app.getByRole("heading", { name: heading, level: 1, exact: true })).toBeVisible();
  return app;
}

/** The calls page once loaded: its table, or its empty state. */
async function callsPage(page: Page): Promise<FrameLocator> {
  const app = await openFromNav(page, "Calls", "Calls");
  await expect(app.getByRole("table").or(app.getByText(/^No calls (yet|match these filters)$/))).toBeVisible();
  return app;
}

const callRows = (app: FrameLocator) => app.getByRole("table").locator("tbody tr");

test.describe.configure({ mode: "serial" });

/** Whether this spec set the receptionist up (and so removes it at the end). */
let setUpHere = false;

test("a simulated customer call shows up on the calls pages", async ({ page }) => {
  await page.goto("/sandbox");
  let app = await callsPage(page);

  // Empty state, when this sandbox has no calls yet.
  const noCallsYet = app.getByText("No calls yet", { exact: true });
  const empty = await noCallsYet.isVisible();
  if (empty) {
    await expect(app.getByRole("table")).toHaveCount(0);
    // No pagination for nothing.
    await expect(app.getByText(/Page \d+ of \d+/)).toHaveCount(0);
    await shot(page, "calls-empty");
  }

  // The customer needs a number to call: set the receptionist up if needed.
  app = await openFromNav(page, "AI receptionist", "AI receptionist");
  const numberElement = app.getByTestId("receptionist-number");
  const setupHeading = app.getByRole("heading", { name: "Set up your AI receptionist" });
  await expect(numberElement.or(setupHeading)).toBeVisible();
  if (await setupHeading.isVisible()) {
    await app.getByRole("button", { name: "Set up AI receptionist" }).click();
    setUpHere = true;
  }
  await expect(numberElement).toBeVisible({ timeout: 20_000 });
  // Shown in national format; the E.164 form is kept for copying.
  const receptionistNumber = (await numberElement.getAttribute("data-e164")) ?? "";
  expect(receptionistNumber).toMatch(/^\+1\d{10}$/);

  if (empty) {
    // The empty state now names the number customers can call.
    app = await callsPage(page);
    await expect(app.getByText(`Calls appear here as soon as customers call ${formatPhone(receptionistNumber, "US")!.display}`)).toBeVisible();
  }

  // Emma calls; the route waits for the end-of-call report, then shows the calls page.
  await page.getByRole("button", { name: "Simulate a customer call" }).click();
  await expect(page).toHaveURL(/\/sandbox\?path=(%2F|\/)app(%2F|\/)calls$/, { timeout: 20_000 });
  app = page.frameLocator("#app-frame");
  await expect(app.getByRole("heading", { name: "Calls", level: 1, exact: true })).toBeVisible();

  // Newest first: Emma's inbound call, completed, with its summary.
  const row = callRows(app).first();
  await expect(row).toBeVisible();
  await expect(row.getByRole("cell").nth(0)).toHaveText("Customer call");
  // Emma gave her order's postal code, so the receptionist verified her: her name, then her number.
  await expect(row.getByRole("cell").nth(1)).toHaveText(`Emma Johnson ${EMMA_NATIONAL}`);
  await expect(row.getByRole("cell").nth(1).locator(`[title="${EMMA}"]`)).toHaveCount(1);
  // The store's zone (the sandbox shop is in New York), named.
  await expect(row.getByRole("cell").nth(2)).toHaveText(/^[A-Z][a-z]{2}, [A-Z][a-z]{2} \d{1,2}, \d{4}, \d{1,2}:\d{2} [AP]M E[SD]T$/);
  await expect(row.getByRole("cell").nth(3)).toHaveText(/^(\d+m )?\d+s$/);
  // Polaris badges prefix their tone for screen readers ("Success").
  await expect(row.getByRole("cell").nth(4)).toHaveText(/^(Success)?Completed$/);
  await expect(row.getByRole("cell").nth(5)).toHaveText(SUMMARY);
  await expect(app.getByText(/^Page 1 of 1 · \d+ calls?$/)).toBeVisible();
  await shot(page, "calls-list");

  // The call's page.
  await row.getByRole("cell").nth(1).click();
  await expect(app.getByRole("heading", { name: "Call", level: 1, exact: true })).toBeVisible();
  await expect(app.getByRole("heading", { name: "Summary", exact: true })).toBeVisible();
  await expect(app.getByText("Completed", { exact: true })).toBeVisible();
  await expect(app.getByText(SUMMARY)).toBeVisible();
  await expect(app.getByText(EMMA_NATIONAL, { exact: true })).toBeVisible();
  await expect(app.getByText(formatPhone(receptionistNumber, "US")!.display, { exact: true })).toBeVisible();
  await expect(app.getByText("The caller hung up")).toHaveAttribute("title", "customer-ended-call");

  // The transcript holds what the assistant answered from the Admin API stand-in.
  const transcript = app.locator("p").filter({ hasText: /^(AI|User): / });
  await expect(transcript.filter({ hasText: "User: Hi, do you have flannel shirts?" })).toHaveCount(1);
  // product_search: the flannel shirt with its prices (by size, from the fixtures) and stock.
  await expect(
    transcript.filter({ hasText: /^AI: Found 1 product: Flannel Button-Up Shirt, \$59 to \$64, in stock in Small, Medium, Large and XL\.$/ }),
  ).toHaveCount(1);
  // order_lookup: Emma gives the postal code on #1001 (caller ID alone never verifies), so its status is read out.
  const orderAnswer = transcript.filter({ hasText: /^AI: The caller is verified\. Order #1001, placed / });
  await expect(orderAnswer).toHaveCount(1);
  await expect(orderAnswer).toContainText(/is paid and (fulfilled|delivered|shipped)/i);
  await expect(orderAnswer).toContainText("1 Flannel Button-Up Shirt");
  await expect(orderAnswer).toContainText("1Z999AA10123456784");
  await expect(transcript.filter({ hasText: /Sorry, I could not do that|can't check that right now/ })).toHaveCount(0);

  // The recording player, pointing at the simulator's recording of this call.
  const player = app.locator("audio[controls]");
  await expect(player).toHaveCount(1);
  expect(await player.getAttribute("src")).toMatch(/\/__sim\/recordings\/[\w-]+\.wav$/);
  await shot(page, "calls-detail");

  // The recording really plays: the browser loads it and knows its duration.
  const duration = await player.evaluate(
    (audio: HTMLAudioElement) =>
      new Promise<number>((resolve, reject) => {
        audio.addEventListener("loadedmetadata", () => resolve(audio.duration), { once: true });
        audio.addEventListener("error", () => reject(new Error(`audio error ${audio.error?.code}`)), { once: true });
        audio.load();
      }),
  );
  expect(duration).toBeGreaterThan(0);

  // Back to the list.
  await app
    .getByRole("link", { name: "Calls" })
    .or(app.getByRole("button", { name: "Calls" }))
    .first()
    .click();
  await expect(app.getByRole("heading", { name: "Calls", level: 1, exact: true })).toBeVisible();
  await expect(callRows(app).first()).toContainText(EMMA_NATIONAL);
});

test("the filters narrow the calls list", async ({ page }) => {
  await page.goto("/sandbox?path=/app/calls");
  const app = page.frameLocator("#app-frame");
  await expect(app.getByRole("heading", { name: "Calls", level: 1, exact: true })).toBeVisible();
  await expect(callRows(app).first()).toContainText(EMMA_NATIONAL);
  const totalText = (await app.getByText(/^Page 1 of \d+ · \d+ calls?$/).textContent()) ?? "";
  const total = Number(/(\d+) calls?$/.exec(totalText)?.[1]);
  expect(total).toBeGreaterThan(0);

  // Outbound (check-ins): none in the sandbox.
  await app.getByLabel("Direction").selectOption("outbound");
  await expect(app.getByText("No calls match these filters")).toBeVisible();
  await expect(app.getByRole("table")).toHaveCount(0);
  await expect(app.getByText(/Page \d+ of \d+/)).toHaveCount(0);
  await shot(page, "calls-filter-none");

  // Inbound: Emma's call is back.
  await app.getByLabel("Direction").selectOption("inbound");
  await expect(callRows(app).first()).toContainText(EMMA_NATIONAL);
  await expect(app.getByLabel("Direction")).toHaveValue("inbound");

  // Outcome: completed keeps it, no-answer has nothing.
  await app.getByLabel("Outcome").selectOption("completed");
  await expect(callRows(app).first()).toContainText(EMMA_NATIONAL);
  await expect(callRows(app).filter({ hasNotText: "Completed" })).toHaveCount(0);
  await app.getByLabel("Outcome").selectOption("no-answer");
  await expect(app.getByText("No calls match these filters")).toBeVisible();

  // Dates, in the shop's timezone: a range in the past has nothing, and clearing it brings the call back.
  await app.getByLabel("Outcome").selectOption("");
  await app.getByLabel("From", { exact: true }).fill("2020-01-01");
  await app.getByLabel("To", { exact: true }).fill("2020-01-31");
  await expect(app.getByText("No calls match these filters")).toBeVisible();
  await app.getByLabel("From", { exact: true }).fill("");
  await app.getByLabel("To", { exact: true }).fill("");
  await app.getByLabel("Direction").selectOption("");
  await expect(callRows(app).first()).toContainText(EMMA_NATIONAL);
  await expect(app.getByText(`Page 1 of 1 · ${total} call${total === 1 ? "" : "s"}`)).toBeVisible();
});

test.afterAll(async ({ browser }, testInfo) => {
  // Leave the receptionist as this spec found it (the receptionist spec starts from the setup form).
  if (setUpHere) await inFreshSandboxPage(browser, testInfo, removeReceptionist);
});
