// The check-in pages through their real loaders and actions, authenticated
// with session tokens like App Bridge's: validation before any write, the
// schedule page's intents, the list, and scoping to the authenticated shop
// (another shop's schedule id is a 404).
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import prisma from "../db.server";
import { formatInstant } from "../formatting/time";
import { stopJobQueue } from "../jobs/queue.server";
import { appFetchRequest, callRoute, documentRequest, installShop, TEST_SHOP } from "../../tests/support/shopify";
import { action, loader } from "./app.checkins.$id";
import { loader as listLoader } from "./app.checkins._index";

const NEW = "new";
const OTHER_SHOP = "other-shop.myshopify.com";
const VALID = {
  name: "Dana (owner)",
  phone: "(212) 555-0123",
  timezone: "Asia/Tokyo",
  timeOfDay: "08:00",
  cadence: "daily",
  active: "true",
  consent: "true",
  voiceId: "",
};

let shopId: string;
/** The schedule the tests save (the first save creates it at /app/checkins/new). */
let scheduleId: string = NEW;

beforeAll(async () => {
  ({ id: shopId } = await installShop(TEST_SHOP));
  await installShop(OTHER_SHOP);
});
beforeEach(async () => {
  await prisma.callJob.deleteMany();
  await prisma.callSettings.deleteMany();
  scheduleId = NEW;
});
afterAll(stopJobQueue);

async function post(fields: Record<string, string | string[]>, shop = TEST_SHOP, id = scheduleId) {
  const body = new URLSearchParams();
  for (const [name, value] of Object.entries(fields)) for (const item of [value].flat()) body.append(name, item);
  const response = await callRoute(action, await appFetchRequest(`/app/checkins/${id}`, { method: "POST", body, shop }), { id });
  const json = await response.json();
  if (json.ok && json.intent === "save" && id === NEW && shop === TEST_SHOP) scheduleId = json.scheduleId;
  // The new schedule's id is checked where it matters; elsewhere the reply is compared without it.
  const { scheduleId: _created, ...rest } = json;
  return { status: response.status, body: rest, scheduleId: _created as string | undefined };
}

async function loadStatus(id = scheduleId) {
  return (await callRoute(loader, await documentRequest(`/app/checkins/${id}`), { id })).status;
}

async function load(id = scheduleId) {
  const response = await callRoute(loader, await documentRequest(`/app/checkins/${id}`), { id });
  expect(response.status).toBe(200);
  return response.json();
}

describe("save", () => {
  it.each([
    ["an invalid phone", { phone: "12" }, "phone"],
    ["an unknown timezone", { timezone: "Mars/Base" }, "timezone"],
    ["25:00", { timeOfDay: "25:00" }, "timeOfDay"],
    ["custom with no days", { cadence: "custom" }, "daysOfWeek"],
    ["active without consent", { consent: "false" }, "consent"],
  ])("rejects %s with 400, its field error and nothing saved", async (_name, change, field) => {
    const { status, body } = await post({ intent: "save", ...VALID, ...change });
    expect(status).toBe(400);
    expect(body).toMatchObject({ ok: false, intent: "save", fields: { [field]: expect.any(String) } });
    expect(Object.keys(body.fields)).toEqual([field]);
    expect(await prisma.callSettings.count()).toBe(0);
    expect(await prisma.callJob.count()).toBe(0);
  });

  it("saves a valid schedule, plans its calls and shows the next 5 in the schedule's zone", async () => {
    // Daily: the planner's horizon (36 h) always holds a call.
    expect(await post({ intent: "save", ...VALID })).toMatchObject({ status: 200, body: { ok: true, intent: "save" }, scheduleId: expect.any(String) });
    expect(await prisma.callJob.count({ where: { shopId, status: "queued" } })).toBeGreaterThan(0);

    expect(await post({ intent: "save", ...VALID, cadence: "custom", daysOfWeek: ["1", "3"] })).toMatchObject({
      status: 200,
      body: { ok: true, intent: "save" },
    });
    expect(await prisma.callSettings.findFirstOrThrow({ where: { shopId } })).toMatchObject({ phoneE164: "+12125550123", daysOfWeek: [1, 3], active: true });
    expect(await prisma.callSettings.count({ where: { shopId } })).toBe(1);

    const page = await load();
    expect(page.form).toMatchObject({
      name: "Dana (owner)",
      phone: "+12125550123",
      timezone: "Asia/Tokyo",
      cadence: "custom",
      daysOfWeek: [1, 3],
      active: true,
      consent: true,
    });
    expect(page.nextCalls).toHaveLength(5);
    for (const call of page.nextCalls) {
      // 08:00 in Tokyo (UTC+9, no DST) is 23:00 UTC the day before, on a Monday or Wednesday there.
      expect(call.iso).toMatch(/T23:00:00\.000Z$/);
      expect(call.scheduleTime).toMatch(/^(Mon|Wed), .* 8:00 AM GMT\+9$/);
    }
  });
});

describe("the page of a new schedule", () => {
  it("defaults the form to the shop's timezone and offers it with UTC", async () => {
    const page = await load(NEW);
    expect(page).toMatchObject({ id: null, nextCalls: [], jobs: [], form: { timezone: "America/New_York", active: false, consent: false } });
    expect(page.timezones).toEqual(expect.arrayContaining(["America/New_York", "UTC", "Asia/Tokyo"]));
    expect(page.receptionistActive).toBe(false);
  });
});

describe("toggle and delete", () => {
  it("pauses and resumes the saved schedule", async () => {
    await post({ intent: "save", ...VALID });
    expect(await post({ intent: "toggle", active: "false" })).toMatchObject({ status: 200, body: { ok: true, intent: "toggle", active: false } });
    expect(await prisma.callSettings.findFirstOrThrow({ where: { shopId } })).toMatchObject({ active: false });
    expect(await prisma.callJob.count({ where: { shopId, status: { in: ["queued", "scheduled"] } } })).toBe(0);
    expect(await post({ intent: "toggle", active: "true" })).toMatchObject({ status: 200, body: { ok: true, intent: "toggle", active: true } });
    expect(await prisma.callJob.count({ where: { shopId, status: { in: ["queued", "scheduled"] } } })).toBeGreaterThan(0);
  });

  it("refuses with 409 and what to do a save from a page opened before calls were paused elsewhere; calls stay paused", async () => {
    await post({ intent: "save", ...VALID });
    const opened = await load();
    // Another tab pauses calls; this one still shows them on, and saves an edit.
    await post({ intent: "toggle", active: "false" });
    const { status, body } = await post({ intent: "save", ...VALID, name: "Dana Whitfield", activeSeen: String(opened.form.active) });
    expect(status).toBe(409);
    expect(body).toMatchObject({ ok: false, intent: "save", message: expect.stringMatching(/^Calls were paused elsewhere .* Reload the page/) });
    // No field is wrong: the page shows the message, not an empty list of fields.
    expect(body.fields).toBeUndefined();
    expect(await prisma.callSettings.findFirstOrThrow({ where: { shopId } })).toMatchObject({ active: false, name: VALID.name });
    expect(await prisma.callJob.count({ where: { shopId, status: { in: ["queued", "scheduled"] } } })).toBe(0);
  });

  it("refuses to turn calls on without consent", async () => {
    await post({ intent: "save", ...VALID, active: "false", consent: "false" });
    const { status, body } = await post({ intent: "toggle", active: "true" });
    expect(status).toBe(400);
    expect(body.message).toMatch(/^Consent: /);
    expect(await prisma.callSettings.findFirstOrThrow({ where: { shopId } })).toMatchObject({ active: false });
  });

  it("deletes the schedule and cancels its pending calls", async () => {
    await post({ intent: "save", ...VALID });
    expect(await post({ intent: "delete" })).toMatchObject({ status: 200, body: { ok: true, intent: "delete" } });
    expect(await prisma.callSettings.count()).toBe(0);
    expect(await prisma.callJob.count({ where: { status: { in: ["queued", "scheduled"] } } })).toBe(0);
    expect((await post({ intent: "delete" })).status).toBe(404);
  });
});

describe("cancel-job", () => {
  it("cancels the shop's pending job, and does nothing to another shop's", async () => {
    await post({ intent: "save", ...VALID });
    const job = await prisma.callJob.findFirstOrThrow({ where: { shopId, status: "queued" } });

    const { status } = await post({ intent: "cancel-job", jobId: job.id }, OTHER_SHOP);
    expect(status).toBe(404);
    expect(await prisma.callJob.findUniqueOrThrow({ where: { id: job.id } })).toMatchObject({ status: "queued" });

    expect(await post({ intent: "cancel-job", jobId: job.id })).toMatchObject({ status: 200, body: { ok: true, intent: "cancel-job" } });
    expect(await prisma.callJob.findUniqueOrThrow({ where: { id: job.id } })).toMatchObject({ status: "canceled" });
    const page = await load();
    expect(page.jobs.find((listed: { id: string }) => listed.id === job.id)).toMatchObject({
      status: "canceled",
      cancelable: false,
      details: "Canceled by you",
    });
  });
});

describe("several schedules and the list", () => {
  it("lists each person's schedule with its next call and on/off state", async () => {
    await post({ intent: "save", ...VALID });
    const first = scheduleId;
    const second = await post(
      { intent: "save", ...VALID, name: "Sam (weekends)", timezone: "Europe/Berlin", timeOfDay: "7pm", active: "false" },
      TEST_SHOP,
      NEW,
    );
    expect(second).toMatchObject({ status: 200, scheduleId: expect.any(String) });
    expect(second.scheduleId).not.toBe(first);

    const response = await callRoute(listLoader, await documentRequest("/app/checkins"));
    const list = await response.json();
    expect(list.schedules.map((row: { person: string; active: boolean }) => [row.person, row.active])).toEqual([
      ["Dana (owner)", true],
      ["Sam (weekends)", false],
    ]);
    expect(list.schedules[0].nextCall).toMatch(/8:00 AM GMT\+9$/);
    expect(list.schedules[1]).toMatchObject({ nextCall: null, rule: "Every day at 7:00 PM (Europe/Berlin)", lastOutcome: null });
  });

  it("shows as last outcome the latest call whose time has come, not a later call already canceled", async () => {
    await post({ intent: "save", ...VALID });
    const job = (hours: number, status: "completed" | "canceled", localDate: string) =>
      prisma.callJob.create({ data: { shopId, callSettingsId: scheduleId, localDate, scheduledForUtc: new Date(Date.now() + hours * 3_600_000), status } });
    await job(-48, "canceled", "2026-01-01");
    await job(-24, "completed", "2026-01-02");
    await job(20, "canceled", "2026-01-03");
    const list = await (await callRoute(listLoader, await documentRequest("/app/checkins"))).json();
    expect(list.schedules[0].lastOutcome).toMatchObject({ status: "completed", label: "Completed" });
  });

  it("shows as last outcome a no-answer retry stopped before its retry time, at the time its call was placed", async () => {
    await post({ intent: "save", ...VALID, timezone: "UTC" });
    await prisma.callJob.create({
      data: { shopId, callSettingsId: scheduleId, localDate: "2026-01-02", scheduledForUtc: new Date(Date.now() - 24 * 3_600_000), status: "completed" },
    });
    // Its call rang unanswered a minute ago; its retry was due nine minutes on, and calls were paused before then.
    const placedAt = new Date(Date.now() - 60_000);
    const stopped = await prisma.callJob.create({
      data: {
        shopId,
        callSettingsId: scheduleId,
        localDate: "2026-01-03",
        scheduledForUtc: new Date(Date.now() + 9 * 60_000),
        status: "failed",
        attempts: 1,
        errorMessage: "Not tried again: calls paused",
      },
    });
    await prisma.callAttempt.create({ data: { callJobId: stopped.id, shopId, number: 1, startedAt: placedAt, finishedAt: placedAt, outcome: "placed" } });
    const list = await (await callRoute(listLoader, await documentRequest("/app/checkins"))).json();
    expect(list.schedules[0].lastOutcome).toMatchObject({ status: "failed", label: "Failed" });
    expect(list.schedules[0].lastOutcome.at).toBe(formatInstant(placedAt, "UTC"));
    // On its page it is past, not upcoming.
    expect((await load()).jobs.find((row: { id: string }) => row.id === stopped.id)).toMatchObject({ status: "failed", upcoming: false });
  });

  it("answers 404 for another shop's schedule, on the page and to every intent, and changes nothing", async () => {
    const theirs = await post({ intent: "save", ...VALID }, OTHER_SHOP, NEW);
    const id = theirs.scheduleId!;
    expect(await loadStatus(id)).toBe(404);
    expect(await loadStatus("not-a-schedule")).toBe(404);
    for (const intent of ["save", "toggle", "delete"]) {
      expect((await post({ intent, ...VALID, name: "Mallory", active: "false" }, TEST_SHOP, id)).status).toBe(404);
    }
    expect(await prisma.callSettings.findUniqueOrThrow({ where: { id } })).toMatchObject({ name: "Dana (owner)", active: true });
  });

  // Ids no row can have, in the URL or the form: not found, never a database error.
  const IMPOSSIBLE_IDS = [
    ["a NUL", "a\u0000b"],
    ["a lone surrogate", "\ud800"],
    ["10,000 characters", "x".repeat(10_000)],
    ["a path", "../etc"],
    ["a space", "a b"],
    ["an escape", "%00"],
  ];

  it.each(IMPOSSIBLE_IDS)("answers 404 to every intent for a schedule id with %s", async (_name, id) => {
    for (const intent of ["save", "toggle", "delete", "cancel-job", "call-now"]) {
      expect((await post({ intent, ...VALID, jobId: "job-1" }, TEST_SHOP, id)).status).toBe(404);
    }
  });

  it.each(IMPOSSIBLE_IDS)("answers 404 to a cancel or call-now of a job id with %s", async (_name, jobId) => {
    await post({ intent: "save", ...VALID });
    for (const intent of ["cancel-job", "call-now"]) {
      expect(await post({ intent, jobId })).toMatchObject({ status: 404, body: { ok: false, message: "This call does not exist." } });
    }
  });
});

describe("a stored schedule that cannot be planned (saved before today's validation)", () => {
  const base = {
    shopId: "",
    phoneE164: "+12125550123",
    name: "Dana",
    timezone: "America/New_York",
    timeOfDay: "09:00",
    cadence: "daily" as const,
    daysOfWeek: [] as number[],
    active: true,
    consentAt: new Date(),
  };
  it.each([
    ["an unknown time zone", { timezone: "Mars/Olympus_Mons" }, /Unknown IANA time zone "Mars\/Olympus_Mons"/],
    ["a time of day out of range", { timeOfDay: "25:00" }, /timeOfDay must be "HH:MM"/],
    ["a custom cadence with no day", { cadence: "custom" as const, daysOfWeek: [] }, /needs at least one day/],
    ["a day of the week out of range", { cadence: "custom" as const, daysOfWeek: [9] }, /daysOfWeek values must be integers/],
  ])("with %s: its page and the list open and say so, and no call is shown", async (_, stored, why) => {
    const schedule = await prisma.callSettings.create({ data: { ...base, shopId, ...stored } });
    const page = await load(schedule.id);
    expect(page.problem).toMatch(why);
    expect(page.problem).toMatch(/no call is planned until you correct it and save it\.$/);
    expect(page.nextCalls).toEqual([]);
    expect(page.form).toMatchObject({ name: "Dana", timezone: schedule.timezone });

    const list = await (await callRoute(listLoader, await documentRequest("/app/checkins"))).json();
    expect(list.schedules).toMatchObject([{ id: schedule.id, nextCall: null, problem: expect.stringMatching(why) }]);

    // Paused, it cannot be turned on as it is: the toggle says why, and nothing changes.
    await prisma.callSettings.update({ where: { id: schedule.id }, data: { active: false } });
    const toggled = await post({ intent: "toggle", active: "true" }, TEST_SHOP, schedule.id);
    expect(toggled.body).toMatchObject({
      ok: false,
      message: expect.stringMatching(/^This schedule cannot be planned as it is saved \(.+\): correct it and save it\.$/),
    });
    expect(await prisma.callSettings.findUniqueOrThrow({ where: { id: schedule.id } })).toMatchObject({ active: false });
    expect(await prisma.callJob.count({ where: { callSettingsId: schedule.id } })).toBe(0);

    // Corrected and saved, it is planned again.
    expect(await post({ intent: "save", ...VALID, activeSeen: "false" }, TEST_SHOP, schedule.id)).toMatchObject({ status: 200 });
    const fixed = await load(schedule.id);
    expect(fixed.problem).toBeNull();
    expect(fixed.nextCalls).toHaveLength(5);
  });
});

describe("next calls say what will happen", () => {
  it("a planned call whose time came and that nobody placed yet is due, not planned; one still to come is planned", async () => {
    expect(await post({ intent: "save", ...VALID, timezone: "UTC", timeOfDay: "00:00" })).toMatchObject({ status: 200 });
    // Today's call (00:00 UTC) came and was not placed; tomorrow's is still to come.
    const now = new Date();
    const today = now.toISOString().slice(0, 10);
    await prisma.callJob.deleteMany({ where: { callSettingsId: scheduleId } });
    await prisma.callJob.create({
      data: { shopId, callSettingsId: scheduleId, localDate: today, scheduledForUtc: new Date(`${today}T00:00:00Z`), status: "queued" },
    });
    const page = await load();
    const [todays, next] = page.nextCalls;
    expect(todays.iso).toBe(`${today}T00:00:00.000Z`);
    expect(todays.label).toMatch(/^Due at 12:00 AM, not placed yet: it is placed by 12:\d\d AM at the latest, or not at all$/);
    expect(next.label).toBe("Planned");
  });
});
