// The hand-written SQL (the planner's batches, webhook ingestion, call-record
// notes) reads and writes the "timestamp without time zone" columns as UTC,
// as Prisma does, whatever time zone the database session runs in: here
// every connection of this file's database runs in New York time.
import { afterAll, beforeAll, expect, it } from "vitest";
import pg from "pg";
import { createSchedule, plainShop, resetCheckins, startCheckins, stopCheckins, type CheckinModules } from "../support/checkins";
import { statusUpdate } from "../support/vapi-messages";

const NOW = new Date("2026-03-10T12:00:00Z");
let m: CheckinModules;

beforeAll(async () => {
  // Before anything of the app connects: new connections take the database's setting.
  const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await admin.connect();
  const { rows } = await admin.query<{ name: string }>("SELECT current_database() AS name");
  await admin.query(`ALTER DATABASE "${rows[0].name}" SET timezone TO 'America/New_York'`);
  await admin.end();
  m = await startCheckins();
  const zone = await m.prisma.$queryRaw<Array<{ zone: string }>>`SELECT current_setting('TimeZone') AS zone`;
  expect(zone[0].zone).toBe("America/New_York");
});
afterAll(() => stopCheckins(m));

const RULES = [
  { timezone: "America/New_York", timeOfDay: "09:00", cadence: "daily" as const },
  { timezone: "Asia/Tokyo", timeOfDay: "23:30", cadence: "weekdays" as const },
  { timezone: "Pacific/Kiritimati", timeOfDay: "05:00", cadence: "daily" as const },
  // Due a few hours before the horizon's end (36 h).
  { timezone: "UTC", timeOfDay: "22:30", cadence: "daily" as const, nextPlanAt: new Date(NOW.getTime() + 34.5 * 60 * 60 * 1000) },
  // Not due: an hour past the horizon's end, which a horizon read in New York time would take for due (and plan forever).
  { timezone: "Europe/Berlin", timeOfDay: "01:00", cadence: "daily" as const, nextPlanAt: new Date(NOW.getTime() + 37 * 60 * 60 * 1000) },
];
const DUE = RULES.length - 1;

async function planned() {
  const rows = await m.prisma.callJob.findMany({ include: { callSettings: true }, orderBy: [{ scheduledForUtc: "asc" }] });
  return rows.map((job) => [job.callSettings!.timezone, job.localDate, job.scheduledForUtc.toISOString()]);
}

it("a planner tick plans what planning each schedule alone plans, and ends", async () => {
  const shop = await plainShop(m);
  const alone = await Promise.all(RULES.map((rule) => createSchedule(m, shop, { nextPlanAt: NOW, ...rule })));
  for (const settings of alone.slice(0, DUE)) await m.planner.planSchedule(settings, NOW); // what a tick plans
  const expected = await planned();
  const nexts = (await m.prisma.callSettings.findMany({ orderBy: { timezone: "asc" } })).map((row) => row.nextPlanAt?.toISOString());
  await resetCheckins(m);

  await Promise.all(RULES.map((rule) => createSchedule(m, shop, { nextPlanAt: NOW, ...rule })));
  expect(await m.planner.planDueSchedules(NOW)).toEqual({ schedules: DUE, jobs: expected.length });
  expect(await planned()).toEqual(expected);
  expect((await m.prisma.callSettings.findMany({ orderBy: { timezone: "asc" } })).map((row) => row.nextPlanAt?.toISOString())).toEqual(nexts);
  expect(await m.planner.planDueSchedules(NOW)).toEqual({ schedules: 0, jobs: 0 });
});

it("an ingested status update and an order lookup's note are stamped with the time in UTC", async () => {
  const shop = await plainShop(m, { assistantId: "asst-tz", phoneNumberId: "pn-tz", receptionistStatus: "active" });
  const secret = await (await import("../../app/vapi/webhook-secrets.server")).issueAssistantSecret(shop.id);
  const { handleVapiWebhook } = await import("../../app/vapi/webhook-handler.server");
  const { flagVerificationLock } = await import("../../app/calls/call-records.server");
  const before = Date.now();
  const body = Buffer.from(JSON.stringify(statusUpdate({ id: "call-tz", assistantId: "asst-tz", phoneNumberId: "pn-tz" }, "ringing")));
  const answer = await handleVapiWebhook({ get: (name) => (name.toLowerCase() === "x-vapi-secret" ? secret : null) }, body);
  expect(answer).toMatchObject({ status: 200, body: { outcome: "applied" } });
  await flagVerificationLock(shop, "call-tz-noted-first", null);
  const after = Date.now();
  const records = await m.prisma.callSession.findMany({ where: { shopId: shop.id } });
  const deliveries = await m.prisma.webhookDelivery.findMany({ where: { shopDomain: shop.domain } });
  expect(records).toHaveLength(2);
  expect(deliveries).toHaveLength(1);
  for (const stamp of [...records.flatMap((record) => [record.createdAt, record.updatedAt]), ...deliveries.map((delivery) => delivery.receivedAt)]) {
    expect(stamp.getTime()).toBeGreaterThanOrEqual(before - 1_000);
    expect(stamp.getTime()).toBeLessThanOrEqual(after + 1_000);
  }
});
