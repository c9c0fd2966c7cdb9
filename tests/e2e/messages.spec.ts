// Messages end to end, in the sandbox: "Simulate a customer call" plays
// Emma's call, in which she leaves a message (take_message, her number read
// back and confirmed); home's count of new messages goes up, the inbox shows
// the message with a tel: link and a link to its call, and one click marks
// it called back. Sets the receptionist up if needed and removes it again
// afterwards when it did.
import { expect, test, type Page } from "@playwright/test";
import { ensureReceptionist, inFreshSandboxPage, removeReceptionist } from "./sandbox";

const SCREENSHOTS = "tests/artifacts/screenshots";
const shot = (page: Page, name: string) => page.screenshot({ path: `${SCREENSHOTS}/${name}.png`, fullPage: true });

test.describe.configure({ mode: "serial" });
let setUpHere = false;

async function newMessagesOnHome(page: Page): Promise<number> {
  const app = page.frameLocator("#app-frame");
  await page.getByRole("navigation").getByText("Home", { exact: true }).click();
  const count = app.getByTestId("new-messages-count");
  await expect(count).toBeVisible();
  return Number(await count.textContent());
}

test("a message left on a simulated call shows on home and in the inbox, and is marked called back", async ({ page }) => {
  await page.goto("/sandbox");
  setUpHere = await ensureReceptionist(page);
  const before = await newMessagesOnHome(page);

  await page.getByRole("button", { name: "Simulate a customer call" }).click();
  await expect(page).toHaveURL(/\/sandbox\?path=(%2F|\/)app(%2F|\/)calls$/, { timeout: 20_000 });

  expect(await newMessagesOnHome(page)).toBe(before + 1);
  const app = page.frameLocator("#app-frame");
  await expect(app.getByText(before + 1 === 1 ? "1 new message" : `${before + 1} new messages`, { exact: true })).toBeVisible();
  await shot(page, "messages-home-count");

  // The navigation carries the count too.
  await page
    .getByRole("navigation")
    .getByText(/^Messages \(\d+ new\)$/)
    .click();
  await expect(app.getByRole("heading", { name: "Messages", level: 1, exact: true })).toBeVisible();
  const row = app.getByTestId("message-row").first();
  await expect(row.getByRole("heading", { name: "Emma Johnson" })).toBeVisible();
  await expect(row.getByText("Wants to exchange the flannel shirt from order 1001 for a larger size")).toBeVisible();
  await expect(row.getByText("Order #1001")).toBeVisible();
  await expect(row.getByText(/^(Attention)?New$/)).toBeVisible();
  const dial = row.getByRole("link", { name: "Call (617) 555-0101" });
  await expect(dial).toHaveAttribute("href", "tel:+16175550101");
  await expect(row.getByRole("link", { name: "View the call" })).toHaveAttribute("href", /\/app\/calls\/\w+/);
  await shot(page, "messages-inbox-new");

  await row.getByRole("button", { name: "Mark called back" }).click();
  await expect(row.getByText(/^(Info)?Called back$/)).toBeVisible();
  await expect(row.getByRole("button", { name: "Mark called back" })).toHaveCount(0);
  await shot(page, "messages-inbox-called-back");
  expect(await newMessagesOnHome(page)).toBe(before);

  // The call the message belongs to.
  await page
    .getByRole("navigation")
    .getByText(/^Messages/)
    .click();
  await app.getByTestId("message-row").first().getByRole("link", { name: "View the call" }).click();
  await expect(app.getByRole("heading", { name: "Call", level: 1, exact: true })).toBeVisible();
});

test.afterAll(async ({ browser }, testInfo) => {
  if (setUpHere) await inFreshSandboxPage(browser, testInfo, removeReceptionist);
});
