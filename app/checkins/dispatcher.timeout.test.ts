// POST /call has no idempotency key: an attempt that timed out may still have
// placed the call. The retry must find it (its metadata names the job)
// instead of ringing the merchant twice. The client's timeout is 0.5 s here.
import { afterAll, beforeAll, expect, it } from "vitest";
import { callRequestsFor, createJob, createSchedule, receptionistShop, startCheckins, stopCheckins, type CheckinModules } from "../../tests/support/checkins";
import { recordingSleep } from "../../tests/support/receptionist";

let m: CheckinModules;

beforeAll(async () => {
  m = await startCheckins({ VAPI_TIMEOUT_SECONDS: "0.5" });
});
afterAll(() => stopCheckins(m));

it("a timed-out POST /call that placed the call is found by the retry, not placed twice", async () => {
  const shop = await receptionistShop(m);
  const job = await createJob(m, await createSchedule(m, shop, { phoneE164: "+12125550123" }));
  m.simulator.fail({ method: "POST", path: "/call", delayMs: 1500, times: 1 });
  const sleep = recordingSleep();

  expect(await m.dispatcher.dispatchCallJob(job.id, { sleep: sleep.sleep })).toBe("placed");

  expect(callRequestsFor(m.simulator, job.id)).toHaveLength(1); // the slow one; the retry looked instead
  expect(m.simulator.state().calls.filter((call) => call.assistantOverrides?.metadata?.callJobId === job.id)).toHaveLength(1);
  const placed = await m.prisma.callJob.findUniqueOrThrow({ where: { id: job.id } });
  expect(placed.vapiCallId).toBe(m.simulator.state().calls.find((call) => call.assistantOverrides?.metadata?.callJobId === job.id)?.id);
});
