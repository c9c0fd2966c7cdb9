// The home dashboard in the sandbox: with no data (only when this sandbox has
// none yet: spec files share one sandbox per run), then after the
// receptionist is set up, a customer calls and a check-in schedule is saved.
// Leaves the receptionist and the schedule as it found them.
import { expect, test, type FrameLocator, type Page } from "@playwright/test";
import { DateTime } from "luxon";
import { formatPhone } from "../../app/formatting/phone";
import { addSchedule, deleteOpenSchedule, openCheckins, scheduleLink } from "./checkins";
import { ensureReceptionist, openFromNav } from "./sandbox";

const SCREENSHOTS = "tests/artifacts/screenshots";
const SHOP_NAME = "Harbor & Pine Outfitters";
const PERSON = "Dana (owner)";
const MERCHANT_PHONE = "+12125550123";

test.use({ viewport: { width: 1280, height: 1400 } });
test.describe.configure({ mode: "serial" });

const shot = (page: Page, name: string) => page.screenshot({ path: `${SCREENSHOTS}/${name}.png`, fullPage: true });

/** The home page once its figures are shown. */
async function home(page: Page): Promise<FrameLocator> {
  const app = await openFromNav(page, "Home", SHOP_NAME);
  await expect(app.getByRole("heading", { name: "Last 7 days" })).toBeVisible();
  return app;
}

let setUpReceptionist = false;
let createdSchedule = false;

test("the home dashboard: empty, then with a call and a schedule", async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto("/sandbox");
  let app = await home(page);

  const empty =
    (await app.getByRole("link", { name: "Set up AI receptionist" }).isVisible()) &&
    (await app.getByText(/^Nothing in the last 7 days yet/).isVisible()) &&
    (await app.getByText("No check-in schedule yet.").isVisible());
  if (empty) {
    await expect(app.getByText("No customer calls today.")).toBeVisible();
    await expect(app.getByText("Set up the AI receptionist to get a phone number your customers can call.")).toBeVisible();
    await expect(app.getByRole("link", { name: "Create a check-in schedule" })).toBeVisible();
    await expect(app.getByText("Not set up", { exact: true })).toBeVisible();
    await shot(page, "home-empty");
  }

  // The receptionist, a customer's call, and a schedule.
  setUpReceptionist = await ensureReceptionist(page);
  const receptionistNumber = (await page.frameLocator("#app-frame").getByTestId("receptionist-number").getAttribute("data-e164")) ?? "";
  await page.getByRole("button", { name: "Simulate a customer call" }).click();
  await expect(page).toHaveURL(/\/sandbox\?path=(%2F|\/)app(%2F|\/)calls$/, {
    timeout: 20_000,
  });

  app = await openCheckins(page);
  if ((await scheduleLink(app, PERSON).count()) === 0) {
    // Later today when possible (a job today), at 23:55 otherwise.
    const now = DateTime.now().setZone("America/New_York");
    const later = now.plus({ hours: 2 });
    const time = later.hasSame(now, "day") ? later.toFormat("HH:mm") : "23:55";
    app = await addSchedule(page, { person: PERSON, phone: MERCHANT_PHONE, time });
    createdSchedule = true;
  }

  // The "Saved" toast (App Bridge's, drawn in the app's frame) has gone before the screenshot.
  await expect(app.getByRole("status").getByText("Saved")).toBeHidden({ timeout: 15_000 });
  app = await home(page);
  await expect(app.getByText("Active", { exact: true })).toBeVisible();
  // National format on the page, E.164 on hover.
  await expect(app.getByTestId("home-receptionist-number")).toHaveText(formatPhone(receptionistNumber, "US")!.display);
  await expect(app.getByTestId("home-receptionist-number")).toHaveAttribute("title", receptionistNumber);
  // The last customer call, in the store's zone (the sandbox shop is in New York) with the zone shown.
  await expect(app.getByText(/^[A-Z][a-z]{2}, [A-Z][a-z]{2} \d{1,2}, \d{4}, \d{1,2}:\d{2} [AP]M E[SD]T$/).first()).toBeVisible();
  // Today's customer calls agree with the calls page filtered to today and inbound.
  const todayCount = Number(await app.getByTestId("calls-today-count").textContent());
  expect(todayCount).toBeGreaterThan(0);
  await expect(app.getByTestId("calls-today-average")).toHaveText(/^(\d+m )?\d+s$/);
  // The outcome badge (Polaris prefixes its tone for screen readers), not the check-in figure labelled Completed.
  await expect(app.getByText(/^SuccessCompleted$/)).toBeVisible();
  // The schedule saved above: a call today, or none yet when it is already late in the day.
  await expect(app.getByTestId("checkins-today-scheduled").or(app.getByText("No check-in call is scheduled for today."))).toBeVisible();
  const today = app.locator(`[data-testid^="day-"]`).last();
  await expect(today).toHaveAttribute("aria-label", new RegExp(`: ${todayCount} customer calls?,`));
  await expect(app.getByRole("heading", { name: /^Every day at \d{1,2}:\d\d [AP]M$/ })).toBeVisible();
  await shot(page, "home-data");

  // The calls page, filtered to today's inbound calls, counts the same.
  const iso = DateTime.now().setZone("America/New_York").toISODate()!;
  const calls = await openFromNav(page, "Calls", "Calls");
  await calls.getByLabel("Direction").selectOption("inbound");
  await calls.getByLabel("From", { exact: true }).fill(iso);
  await calls.getByLabel("To", { exact: true }).fill(iso);
  await expect(calls.getByText(new RegExp(`^Page 1 of \\d+ · ${todayCount} calls?$`))).toBeVisible();
});

test.afterAll(async ({ browser }, testInfo) => {
  if (!setUpReceptionist && !createdSchedule) return;
  const { baseURL, userAgent, viewport } = testInfo.project.use;
  const context = await browser.newContext({ baseURL, userAgent, viewport });
  const page = await context.newPage();
  try {
    await page.goto("/sandbox");
    if (createdSchedule) {
      const app = await openCheckins(page);
      await scheduleLink(app, PERSON).click();
      await deleteOpenSchedule(app);
    }
    if (setUpReceptionist) {
      const app = await openFromNav(page, "AI receptionist", "AI receptionist");
      await app.getByRole("button", { name: "Remove receptionist" }).click();
      await app.getByRole("dialog").getByRole("button", { name: "Remove", exact: true }).click();
      await expect(app.getByRole("heading", { name: "Set up your AI receptionist" })).toBeVisible({ timeout: 15_000 });
    }
  } finally {
    await context.close();
  }
});
