// A call is placed within its grace period or not at all, even when it had to
// wait for a free call slot: with one slot (CHECKIN_MAX_CONCURRENT_CALLS=1)
// held by a slow POST /call (3 s), a job whose grace period ends during the wait is
// marked missed, and Vapi never sees its call.
import { afterAll, beforeAll, expect, it } from "vitest";
import {
  callRequestsFor,
  createJob,
  createSchedule,
  eventually,
  receptionistShop,
  startCheckins,
  stopCheckins,
  type CheckinModules,
} from "../../tests/support/checkins";

let m: CheckinModules;

beforeAll(async () => {
  m = await startCheckins({ CHECKIN_MAX_CONCURRENT_CALLS: "1", CHECKIN_GRACE_MINUTES: "1" });
});
afterAll(() => stopCheckins(m));

it("a job whose grace period ends while it waits for a call slot is missed, and no call is placed", async () => {
  const shop = await receptionistShop(m);
  const settings = await createSchedule(m, shop, { phoneE164: "+12125550123" });
  m.simulator.setLatency({ method: "POST", path: "/call", ms: 3_000 });
  const first = await createJob(m, settings, { localDate: "2032-01-01" });
  const placing = m.dispatcher.dispatchCallJob(first.id);
  // The first holds the only slot for 3 s: its POST /call is at Vapi, unanswered (the log has its body only once answered).
  await eventually(
    async () => m.simulator.state().requests.some((request) => request.method === "POST" && request.path === "/call" && request.durationMs === null),
    5_000,
    "the first POST /call",
  );
  // Due 59 s ago: a second of its one-minute grace period is left when it asks for the slot.
  const late = await createJob(m, settings, { localDate: "2032-01-02", scheduledForUtc: new Date(Date.now() - 59_000) });
  const [firstOutcome, lateOutcome] = await Promise.all([placing, m.dispatcher.dispatchCallJob(late.id)]);

  expect(firstOutcome).toBe("placed");
  expect(lateOutcome).toBe("missed");
  expect(await m.prisma.callJob.findUniqueOrThrow({ where: { id: late.id } })).toMatchObject({
    status: "missed",
    vapiCallId: null,
    claimToken: null,
    // Said so after the wait for the slot, or before it on a machine too busy to get there within the second.
    errorMessage: expect.stringMatching(/^Not placed within 1 minutes of its time/),
  });
  expect(callRequestsFor(m.simulator, late.id)).toEqual([]);
});
