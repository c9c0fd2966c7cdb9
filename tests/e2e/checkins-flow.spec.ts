// A check-in scheduled a couple of minutes ahead, in the sandbox: the real
// worker plans it, places it at its minute through the Vapi simulator, and
// the simulator's webhooks move the job along: queued -> scheduled ->
// started -> completed, as the merchant sees it on the page, which is left
// open and untouched (no reload: the page revalidates by itself). Then a
// canceled call stays canceled through pause and resume.
import { expect, test, type FrameLocator, type Page } from "@playwright/test";
import { DateTime } from "luxon";
import { addSchedule, deleteAllSchedules, deleteOpenSchedule, openCheckins, scheduleLink } from "./checkins";
import { ensureReceptionist, openFromNav, removeReceptionist, simulatorUrl } from "./sandbox";

const SCREENSHOTS = "tests/artifacts/screenshots";
const MERCHANT_PHONE = "+12125550123";
const PERSON = "Dana (owner)";

test.use({ viewport: { width: 1280, height: 1900 } });

const shot = (page: Page, name: string) => page.screenshot({ path: `${SCREENSHOTS}/${name}.png`, fullPage: true });

/** The app's frame (the sandbox admin frames the app as Shopify's does). */
function appFrame(page: Page) {
  const frame = page.frames().find((candidate) => new URL(candidate.url()).pathname.startsWith("/app"));
  if (!frame) throw new Error("The app frame is not loaded");
  return frame;
}

/** Waits, without touching the page, until the job of `day` shows `status`, then screenshots it. */
async function expectJobStatus(page: Page, app: FrameLocator, day: string, status: string, timeoutMs: number) {
  const job = app.getByRole("row").filter({ hasText: day }).getByText(status, { exact: true });
  await expect(job).toBeVisible({ timeout: timeoutMs });
  await shot(page, `checkins-job-${status}`);
}

/** Adds a daily schedule for Dana at `at`'s local time, calls on, consent given. */
function saveDailySchedule(page: Page, at: DateTime) {
  return addSchedule(page, { person: PERSON, phone: MERCHANT_PHONE, time: at.toFormat("HH:mm") });
}

test("a check-in two minutes ahead goes queued, scheduled, started, completed", async ({ page, request }) => {
  test.setTimeout(240_000);
  await page.goto("/sandbox");
  const setUpHere = await ensureReceptionist(page);

  // The merchant takes the call slowly enough for each state to be seen.
  await request.post(`${simulatorUrl()}/__sim/call-scripts`, {
    data: { customerNumber: MERCHANT_PHONE, script: { ringMs: 6000, talkMs: 8000, outcome: "customer-ended-call" } },
  });

  await deleteAllSchedules(page);

  // The next whole minute at least 60 s away, in the shop's zone (the form's default).
  const at = DateTime.now().setZone("America/New_York").plus({ seconds: 60 }).startOf("minute").plus({ minutes: 1 });
  let app = await saveDailySchedule(page, at);

  const day = at.toFormat("LLL d, yyyy");
  // A marker in the app's window: a reload or a navigation would lose it.
  await appFrame(page).evaluate(() => ((window as unknown as { untouched: boolean }).untouched = true));
  // The job's states as the merchant reads them (the formatting module's labels).
  await expectJobStatus(page, app, day, "Waiting", 10_000);
  const untilCall = at.toMillis() - Date.now();
  await expectJobStatus(page, app, day, "Scheduled", untilCall + 20_000);
  await expectJobStatus(page, app, day, "Calling", 20_000);
  await expectJobStatus(page, app, day, "Completed", 30_000);
  expect(await appFrame(page).evaluate(() => (window as unknown as { untouched?: boolean }).untouched)).toBe(true);

  // The call itself is on the calls page, as a check-in call to the merchant.
  app = await openFromNav(page, "Calls", "Calls");
  await expect(app.getByRole("table").locator("tbody tr").first()).toContainText("Check-in call");
  await expect(app.getByRole("table").locator("tbody tr").first()).toContainText(MERCHANT_PHONE);

  // Leave the sandbox as found: the other specs do not expect a schedule or a receptionist.
  app = await openCheckins(page);
  await scheduleLink(app, PERSON).click();
  await deleteOpenSchedule(app);
  if (setUpHere) await removeReceptionist(page);
});

test("a canceled call stays canceled through pause and resume", async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto("/sandbox");
  const setUpHere = await ensureReceptionist(page);
  await deleteAllSchedules(page);

  // Daily, three hours from now: today's and tomorrow's calls are planned.
  const at = DateTime.now().setZone("America/New_York").plus({ hours: 3 }).startOf("minute");
  const app = await saveDailySchedule(page, at);

  const tomorrow = at.plus({ days: 1 }).toFormat("LLL d, yyyy");
  const history = app
    .getByRole("table")
    .filter({ has: app.getByRole("columnheader", { name: "Attempts" }) })
    .first();
  const tomorrowRows = history.locator("tbody tr").filter({ hasText: tomorrow });
  await expect(tomorrowRows.getByText("Waiting", { exact: true })).toBeVisible();
  await tomorrowRows.getByRole("button", { name: "Cancel" }).click();
  await expect(app.getByRole("status").getByText("Call canceled")).toBeVisible();

  await app.getByRole("button", { name: "Pause calls" }).click();
  await expect(app.getByRole("button", { name: "Turn calls on" })).toBeVisible();
  await app.getByRole("button", { name: "Turn calls on" }).click();
  await expect(app.getByRole("button", { name: "Pause calls" })).toBeVisible();

  // Tomorrow has one row, canceled; no queued call came back beside it.
  await expect(tomorrowRows).toHaveCount(1);
  await expect(tomorrowRows.getByText("Canceled", { exact: true })).toBeVisible();
  await expect(app.getByRole("row").filter({ hasText: tomorrow }).getByText("Canceled by you").first()).toBeVisible();
  await shot(page, "checkins-history-after-cancel-pause-resume");

  await deleteOpenSchedule(app);
  if (setUpHere) await removeReceptionist(page);
});
