// Jobs that nothing will move any more are closed by the planner tick's
// sweep, so no check-in silently never happens.
import { afterAll, beforeAll, beforeEach, expect, it } from "vitest";
import { createJob, createSchedule, receptionistShop, resetCheckins, startCheckins, stopCheckins, type CheckinModules } from "../../tests/support/checkins";

let m: CheckinModules;

beforeAll(async () => {
  m = await startCheckins();
});
afterAll(() => stopCheckins(m));
beforeEach(() => resetCheckins(m));

const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60 * 1000);

it("marks queued jobs past their grace period missed, and hands jobs stuck while placing to reconciliation", async () => {
  const shop = await receptionistShop(m);
  const settings = await createSchedule(m, shop);
  const lost = await createJob(m, settings, { scheduledForUtc: minutesAgo(60 * 24) }); // its dispatch was lost
  const onTime = await createJob(m, settings, { scheduledForUtc: minutesAgo(5) }); // still within grace
  const stuck = await createJob(m, settings, { scheduledForUtc: minutesAgo(60 * 48), status: "scheduled", attempts: 1 });
  const placing = await createJob(m, settings, { scheduledForUtc: minutesAgo(60 * 72), status: "scheduled", attempts: 1 });
  const placed = await createJob(m, settings, { scheduledForUtc: minutesAgo(60 * 96), status: "scheduled", attempts: 1, vapiCallId: "call-placed" });
  // The worker claimed `stuck` 20 minutes ago and died; `placing` was claimed just now.
  await m.prisma.$executeRaw`UPDATE "CallJob" SET "updatedAt" = ${minutesAgo(20)} WHERE id IN (${stuck.id}, ${placed.id})`;

  expect(await m.control.sweepStaleJobs()).toEqual({ missed: 1, unconfirmed: 1 });

  const status = async (id: string) => (await m.prisma.callJob.findUniqueOrThrow({ where: { id } })).status;
  expect(await status(lost.id)).toBe("missed");
  expect(await status(onTime.id)).toBe("queued");
  expect(await status(stuck.id)).toBe("scheduled");
  expect((await m.prisma.callJob.findUniqueOrThrow({ where: { id: stuck.id } })).unconfirmedAt).toEqual(expect.any(Date));
  expect(await status(placing.id)).toBe("scheduled");
  expect(await status(placed.id)).toBe("scheduled"); // has a call: its webhooks will move it
  // Running it again changes nothing.
  expect(await m.control.sweepStaleJobs()).toEqual({ missed: 0, unconfirmed: 0 });
});

it("a job stopped while a worker that died was placing its call goes to reconciliation; a stopped one that never dialled only loses its claim", async () => {
  const shop = await receptionistShop(m);
  const settings = await createSchedule(m, shop);
  const claim = { claimToken: "dead-worker", leaseUntil: minutesAgo(30), attempts: 1 };
  // Canceled after the dead worker sent POST /call (its attempt never finished): the call may ring.
  const sent = await createJob(m, settings, { localDate: "2032-01-01", status: "canceled", ...claim });
  await m.prisma.callAttempt.create({ data: { callJobId: sent.id, shopId: shop.id, number: 1, startedAt: minutesAgo(30) } });
  // Paused after the claim, before any POST /call (no attempt): nothing can ring.
  const neverDialled = await createJob(m, settings, { localDate: "2032-01-02", status: "superseded", ...claim, attempts: 0 });
  // Canceled a minute ago: a live dispatcher may still be looking for its call.
  const recent = await createJob(m, settings, { localDate: "2032-01-03", status: "canceled", ...claim });
  await m.prisma.callAttempt.create({ data: { callJobId: recent.id, shopId: shop.id, number: 1, startedAt: minutesAgo(1) } });
  await m.prisma.$executeRaw`UPDATE "CallJob" SET "updatedAt" = ${minutesAgo(20)} WHERE id IN (${sent.id}, ${neverDialled.id})`;

  expect(await m.control.sweepStaleJobs()).toEqual({ missed: 0, unconfirmed: 1 });
  const job = (id: string) => m.prisma.callJob.findUniqueOrThrow({ where: { id } });
  expect(await job(sent.id)).toMatchObject({ status: "canceled", claimToken: null, unconfirmedAt: expect.any(Date) });
  expect(await job(neverDialled.id)).toMatchObject({ status: "superseded", claimToken: null, unconfirmedAt: null });
  expect(await job(recent.id)).toMatchObject({ status: "canceled", claimToken: "dead-worker", unconfirmedAt: null });
});

it.each([
  ["whose earlier call rang", { outcome: "placed" }, { status: "failed", errorMessage: "Not tried again: paused by you" }],
  ["whose every attempt failed before dialling", { outcome: "failed" }, { status: "superseded", errorMessage: "Paused by you" }],
])("a retry %s, stopped while claimed by a worker that died, reads as its dispatcher would have left it", async (_, attempt, expected) => {
  const shop = await receptionistShop(m);
  const settings = await createSchedule(m, shop);
  // Its first call ended (no answer, or Vapi refused it); the retry was claimed, then the schedule paused, then the worker died.
  const retry = await createJob(m, settings, {
    localDate: "2032-02-01",
    status: "superseded",
    errorMessage: "Paused by you",
    claimToken: "dead-worker",
    leaseUntil: minutesAgo(30),
    attempts: 1,
  });
  await m.prisma.callAttempt.create({
    data: { callJobId: retry.id, shopId: shop.id, number: 1, startedAt: minutesAgo(40), finishedAt: minutesAgo(40), ...attempt },
  });
  await m.prisma.$executeRaw`UPDATE "CallJob" SET "updatedAt" = ${minutesAgo(20)} WHERE id = ${retry.id}`;

  expect(await m.control.sweepStaleJobs()).toEqual({ missed: 0, unconfirmed: 0 });
  expect(await m.prisma.callJob.findUniqueOrThrow({ where: { id: retry.id } })).toMatchObject({ ...expected, claimToken: null, unconfirmedAt: null });
});
