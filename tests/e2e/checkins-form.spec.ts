// The check-in schedule page end to end, in the sandbox: the admin's nav opens
// the list, "Add schedule" opens a new schedule; invalid input shows inline
// errors (and saves nothing) with focus on the first invalid field; a valid
// schedule shows its next calls in the schedule's zone and in the browser's;
// the form's save bar, Save disabled with nothing changed, a typed time
// ("8:30am") read as 08:30; the schedule is deleted again at the end, after
// a confirmation.
import { expect, test, type Page } from "@playwright/test";
import { CONSENT, deleteAllSchedules, deleteOpenSchedule, openCheckins, saveBar, saveWithBar } from "./checkins";

const SCREENSHOTS = "tests/artifacts/screenshots";

// A browser zone other than the schedule's, so both columns of "Next calls" are distinct.
// The app scrolls inside its frame: a tall viewport puts the whole page in the screenshots.
test.use({ timezoneId: "Europe/Berlin", viewport: { width: 1280, height: 1900 } });

const shot = (page: Page, name: string) => page.screenshot({ path: `${SCREENSHOTS}/${name}.png`, fullPage: true });

test("invalid input shows inline errors; a valid schedule shows its next calls", async ({ page }) => {
  await page.goto("/sandbox");
  // A rerun on a kept sandbox starts from no schedule too.
  await deleteAllSchedules(page);
  const app = await openCheckins(page);

  // The receptionist is not set up in a fresh sandbox: calls need its number.
  await expect(app.getByText("Check-in calls are placed from your receptionist's number")).toBeVisible();
  await app.getByRole("link", { name: "Add schedule" }).first().click();
  await expect(app.getByRole("heading", { name: "New check-in schedule", level: 1 })).toBeVisible();
  await expect(app.getByLabel("Time zone")).toHaveValue("America/New_York"); // the shop's zone
  // Nothing changed yet: no save bar, and Save is disabled.
  await expect(saveBar(app)).toHaveCount(0);
  await expect(app.getByRole("button", { name: "Save schedule" })).toBeDisabled();

  await app.getByLabel("Phone number to call").fill("555-01");
  await app.getByLabel("Time of day").fill("25:00");
  await app.getByLabel("Cadence").selectOption("custom");
  await app.getByLabel("Place calls on this schedule").check();
  await expect(app.getByRole("button", { name: "Save schedule" })).toBeEnabled();
  await saveWithBar(app, "error");

  // Inline errors, attached to their fields (the banner above lists them too).
  await expect(app.getByLabel("Person", { exact: true })).toHaveAccessibleDescription(/Name: enter who this schedule calls/);
  await expect(app.getByLabel("Phone number to call")).toHaveAccessibleDescription(/Phone: enter a valid phone number/);
  await expect(app.getByLabel("Time of day")).toHaveAccessibleDescription(/Time: enter a time like 9:00, 9am or 21:30\./);
  await expect(app.getByRole("group", { name: "Days" }).getByText(/^Days: choose at least one day/)).toBeVisible();
  await expect(app.getByLabel(CONSENT)).toHaveAccessibleDescription(/Consent: to turn calls on/);
  // Focus went to the first invalid field, and the typed values are all still there.
  await expect(app.getByLabel("Person", { exact: true })).toBeFocused();
  await expect(app.getByLabel("Time of day")).toHaveValue("25:00");
  // Nothing was saved: no schedule to pause or delete.
  await expect(app.getByRole("button", { name: "Delete schedule" })).toHaveCount(0);
  await shot(page, "checkins-errors");

  await app.getByLabel("Person", { exact: true }).fill("Dana (owner)");
  await app.getByLabel("Phone number to call").fill("(212) 555-0123");
  await app.getByLabel("Time zone").selectOption("Asia/Tokyo");
  // Typed as people write it: read as 08:30.
  await app.getByLabel("Time of day").fill("8:30am");
  await expect(app.getByText("Calls at 8:30 AM, in the schedule's time zone.")).toBeVisible();
  await app.getByLabel("Monday").check();
  await app.getByLabel("Thursday").check();
  await app.getByLabel("Voice").selectOption("anna");
  await app.getByLabel(CONSENT).check();
  await saveWithBar(app);

  await expect(app.getByRole("heading", { name: "Dana (owner)", level: 1 })).toBeVisible();
  await expect(app.getByText("The schedule was not saved")).toHaveCount(0);
  await expect(app.getByLabel("Phone number to call")).toHaveValue("+12125550123");
  await expect(app.getByLabel("Time of day")).toHaveValue("08:30");
  // Saved: nothing left to save.
  await expect(saveBar(app)).toHaveCount(0);
  await expect(app.getByRole("button", { name: "Save schedule" })).toBeDisabled();
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

  // Pause keeps an unsaved edit: the person's name stays as typed, still unsaved.
  await app.getByLabel("Person", { exact: true }).fill("Dana (owner, mornings)");
  await app.getByRole("button", { name: "Pause calls" }).click();
  await expect(app.getByRole("button", { name: "Turn calls on" })).toBeVisible();
  await expect(app.getByLabel("Person", { exact: true })).toHaveValue("Dana (owner, mornings)");
  await expect(saveBar(app)).toBeVisible();
  await saveBar(app).getByRole("button", { name: "Discard" }).click();
  await expect(app.getByLabel("Person", { exact: true })).toHaveValue("Dana (owner)");

  await deleteOpenSchedule(app);
});
