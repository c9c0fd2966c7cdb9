// The "Check-in calls" page end to end, in the sandbox: the admin's nav opens
// it; invalid input shows inline errors (and saves nothing); a valid schedule
// shows its next calls in the schedule's zone and in the browser's; the
// schedule is deleted again at the end, after a confirmation.
import { expect, test, type FrameLocator, type Page } from "@playwright/test";

const SCREENSHOTS = "tests/artifacts/screenshots";
const CONSENT = "I confirm the person at this number agreed to receive automated calls";

// A browser zone other than the schedule's, so both columns of "Next calls" are distinct.
// The app scrolls inside its frame: a tall viewport puts the whole page in the screenshots.
test.use({ timezoneId: "Europe/Berlin", viewport: { width: 1280, height: 1900 } });

const shot = (page: Page, name: string) => page.screenshot({ path: `${SCREENSHOTS}/${name}.png`, fullPage: true });

async function openCheckins(page: Page): Promise<FrameLocator> {
  await page.goto("/sandbox");
  const app = page.frameLocator("#app-frame");
  await page.getByRole("navigation").getByText("Check-in calls", { exact: true }).click();
  await expect(app.getByRole("heading", { name: "Check-in calls", level: 1 })).toBeVisible();
  return app;
}

async function deleteSchedule(app: FrameLocator) {
  await app.getByRole("button", { name: "Delete schedule" }).click();
  await expect(app.getByText("Delete the check-in schedule?")).toBeVisible();
  await app.getByRole("button", { name: "Delete", exact: true }).click();
  await expect(app.getByRole("status").getByText("Schedule deleted")).toBeVisible();
  await expect(app.getByRole("heading", { name: "Next calls" })).toHaveCount(0);
}

test("invalid input shows inline errors; a valid schedule shows its next calls", async ({ page }) => {
  const app = await openCheckins(page);
  // A rerun on a kept sandbox starts from no schedule too.
  if (await app.getByRole("button", { name: "Delete schedule" }).isVisible()) await deleteSchedule(app);

  // The receptionist is not set up in a fresh sandbox: calls need its number.
  await expect(app.getByText("Check-in calls are placed from your receptionist's number")).toBeVisible();
  await expect(app.getByLabel("Time zone")).toHaveValue("America/New_York"); // the shop's zone

  await app.getByLabel("Phone number to call").fill("555-01");
  await app.getByLabel("Time of day").fill("25:00");
  await app.getByLabel("Cadence").selectOption("custom");
  await app.getByLabel("Place calls on this schedule").check();
  await app.getByRole("button", { name: "Save", exact: true }).click();

  await expect(app.getByText("The schedule was not saved")).toBeVisible();
  // Inline errors, attached to their fields (the banner above lists them too).
  await expect(app.getByLabel("Phone number to call")).toHaveAccessibleDescription(/Phone: enter a valid phone number/);
  await expect(app.getByLabel("Time of day")).toHaveAccessibleDescription(/Time: use 24-hour HH:MM, like 09:30\./);
  await expect(app.getByRole("group", { name: "Days" }).getByText(/^Days: choose at least one day/)).toBeVisible();
  await expect(app.getByLabel(CONSENT)).toHaveAccessibleDescription(/Consent: to turn calls on/);
  // Nothing was saved: no schedule to pause or delete.
  await expect(app.getByRole("button", { name: "Delete schedule" })).toHaveCount(0);
  await shot(page, "checkins-errors");

  await app.getByLabel("Phone number to call").fill("(212) 555-0123");
  await app.getByLabel("Time zone").selectOption("Asia/Tokyo");
  await app.getByLabel("Time of day").fill("08:30");
  await app.getByLabel("Monday").check();
  await app.getByLabel("Thursday").check();
  await app.getByLabel("Voice").selectOption("anna");
  await app.getByLabel(CONSENT).check();
  await app.getByRole("button", { name: "Save", exact: true }).click();

  await expect(app.getByRole("status").getByText("Saved")).toBeVisible();
  await expect(app.getByText("The schedule was not saved")).toHaveCount(0);
  await expect(app.getByLabel("Phone number to call")).toHaveValue("+12125550123");
  await expect(app.getByRole("heading", { name: "Next calls" })).toBeVisible();
  const nextCalls = app.getByRole("table").filter({ has: app.getByRole("columnheader", { name: "Schedule time (Asia/Tokyo)" }) });
  await expect(nextCalls.getByRole("columnheader", { name: "Your time (Europe/Berlin)" })).toBeVisible();
  const rows = nextCalls.locator("tbody tr");
  await expect(rows).toHaveCount(5);
  // Monday 08:30 in Tokyo is Monday 00:30 in Berlin (winter) or Sunday 01:30 (summer time).
  // Polaris renders a row's first cell as its header (th).
  const [scheduleTime, browserTime] = [rows.first().locator("th, td").first(), rows.first().locator("th, td").nth(1)];
  await expect(scheduleTime).toHaveText(/^(Mon|Thu), .* 8:30 AM GMT\+9$/);
  await expect(browserTime).toHaveText(/ (12:30|1:30) AM GMT\+[12]$/);
  await expect(app.getByRole("button", { name: "Pause calls" })).toBeVisible();
  await shot(page, "checkins-saved");

  await deleteSchedule(app);
});
