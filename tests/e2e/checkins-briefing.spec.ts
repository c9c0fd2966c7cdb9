// Issue 14 in the sandbox: a second person gets a check-in schedule of their
// own; at its minute the real worker places the call through the Vapi
// simulator with that person's briefing; on the call the person asks for a
// note (record_note, answered by the app's webhook). The merchant watches the
// job complete on the schedule's page, opens the job and reads the briefing,
// the call's summary and the note. Screenshots: the list of schedules and
// the job, in tests/artifacts/screenshots/.
import { expect, test, type Page } from "@playwright/test";
import { DateTime } from "luxon";
import { addSchedule, deleteAllSchedules, openCheckins, scheduleLink } from "./checkins";
import { ensureReceptionist, removeReceptionist, simulatorUrl } from "./sandbox";

const SCREENSHOTS = "tests/artifacts/screenshots";
const OWNER = { person: "Dana (owner)", phone: "+12125550123" };
const MANAGER = { person: "Sam (weekend manager)", phone: "+12125550177" };
const NOTE = "Call back Emma about order 1001, and we are closed Monday";
const SUMMARY = "Sam heard the briefing and asked to call Emma back about order 1001.";

test.use({ viewport: { width: 1280, height: 1600 } });

const shot = (page: Page, name: string) => page.screenshot({ path: `${SCREENSHOTS}/${name}.png`, fullPage: true });

test("a second person's check-in: briefing, call, note, and the job that shows them", async ({ page, request }) => {
  test.setTimeout(240_000);
  await page.goto("/sandbox");
  const setUpHere = await ensureReceptionist(page);
  await deleteAllSchedules(page);

  // The person answers, hears the briefing and asks for a note.
  await request.post(`${simulatorUrl()}/__sim/call-scripts`, {
    data: {
      customerNumber: MANAGER.phone,
      script: {
        ringMs: 1000,
        talkMs: 3000,
        userSays: ["Yes, go ahead.", "Please note: call back Emma about order 1001, and we are closed Monday.", "Thanks, bye."],
        toolCalls: [{ name: "record_note", arguments: { note: NOTE } }],
        summary: SUMMARY,
        outcome: "assistant-ended-call",
      },
    },
  });

  // The owner's schedule (hours away) and the manager's, at the next whole minute at least 60 s away, in their own zone.
  await addSchedule(page, { ...OWNER, time: DateTime.now().setZone("America/New_York").plus({ hours: 3 }).toFormat("HH:mm") });
  const at = DateTime.now().setZone("America/Chicago").plus({ seconds: 60 }).startOf("minute").plus({ minutes: 1 });
  let app = await addSchedule(page, { ...MANAGER, time: at.toFormat("h:mma").toLowerCase(), timezone: "America/Chicago" });

  // The list: one row per person, each with its next call and on/off state.
  app = await openCheckins(page);
  await expect(scheduleLink(app, OWNER.person)).toBeVisible();
  await expect(scheduleLink(app, MANAGER.person)).toBeVisible();
  const managerRow = app.getByRole("row").filter({ has: scheduleLink(app, MANAGER.person) });
  await expect(managerRow).toContainText(at.toFormat("LLL d, yyyy, h:mm a"));
  await expect(managerRow).toContainText("America/Chicago");
  await shot(page, "checkins-list-two-people");

  // The manager's page: the call completes by itself (the page revalidates), with its summary and the note.
  await scheduleLink(app, MANAGER.person).click();
  await expect(app.getByRole("heading", { name: MANAGER.person, level: 1 })).toBeVisible();
  const day = at.toFormat("LLL d, yyyy");
  const jobRow = app
    .getByRole("row")
    .filter({ hasText: day })
    .filter({ has: app.getByText("Completed", { exact: true }) });
  await expect(jobRow).toBeVisible({ timeout: at.toMillis() - Date.now() + 60_000 });
  await expect(jobRow).toContainText(SUMMARY);
  await expect(jobRow).toContainText(`Note: ${NOTE}`);

  // The job's own page: outcome, summary, the note, the briefing it carried, and the call record.
  await jobRow.getByRole("link", { name: new RegExp(day) }).click();
  await expect(app.getByRole("heading", { name: `Check-in call to ${MANAGER.person}`, level: 1 })).toBeVisible();
  await expect(app.getByText(SUMMARY)).toBeVisible();
  await expect(app.getByText(NOTE)).toBeVisible();
  const briefing = app.getByText(/^Good (morning|afternoon|evening) Sam \(weekend manager\), this is the check-in call from Harbor & Pine Outfitters/);
  await expect(briefing).toBeVisible();
  await expect(briefing).toContainText("over the last 24 hours");
  await expect(app.getByRole("link", { name: "Open the call record (transcript, recording)" })).toBeVisible();
  await shot(page, "checkins-job-briefing-note");

  // The owner's schedule is untouched: no call yet.
  app = await openCheckins(page);
  await expect(app.getByRole("row").filter({ has: scheduleLink(app, OWNER.person) })).toContainText("No call yet");

  await deleteAllSchedules(page);
  if (setUpHere) await removeReceptionist(page);
});
