// One cap on concurrent POST /call across worker instances, and no batch
// under one deadline: two real worker processes against a slow simulator
// (each POST /call answered in 800 ms) place 24 calls due at once; the
// simulator never sees more than the cap in flight, and every call is
// placed (none aborted or failed by an expiry).
import { afterAll, beforeAll, expect, it } from "vitest";
import {
  createJob,
  createSchedule,
  eventually,
  maxInFlight,
  receptionistShop,
  spawnWorker,
  startCheckins,
  stopCheckins,
  type CheckinModules,
  type WorkerProcess,
} from "../../tests/support/checkins";

const CAP = 3;

let m: CheckinModules;
const workers: WorkerProcess[] = [];

beforeAll(async () => {
  m = await startCheckins({}, { concurrencyLimit: 1000 });
});
afterAll(async () => {
  await Promise.all(workers.map((worker) => worker.kill()));
  await stopCheckins(m);
});

it(`two workers never have more than CHECKIN_MAX_CONCURRENT_CALLS=${CAP} POST /call in flight, and place every call`, async () => {
  const shop = await receptionistShop(m);
  const settings = await createSchedule(m, shop);
  m.simulator.setLatency({ method: "POST", path: "/call", ms: 800 });
  for (let i = 0; i < 2; i++) workers.push(spawnWorker({ CHECKIN_MAX_CONCURRENT_CALLS: String(CAP) }));
  const sender = await m.queue.jobQueue();
  const jobs: string[] = [];
  const at = new Date(Date.now() + 2_000);
  for (let i = 0; i < 24; i++) {
    const job = await createJob(m, settings, { localDate: new Date(Date.UTC(2032, 0, 1 + i)).toISOString().slice(0, 10), scheduledForUtc: at });
    await sender.send(m.queue.QUEUES.dispatch, { callJobId: job.id }, { startAfter: at });
    jobs.push(job.id);
  }
  await eventually(
    async () => (await m.prisma.callJob.count({ where: { id: { in: jobs }, vapiCallId: { not: null } } })) === jobs.length,
    120_000,
    "every call placed",
  );
  const posts = m.simulator.state().requests.filter((request) => request.method === "POST" && request.path === "/call");
  expect(posts).toHaveLength(jobs.length);
  const inFlight = maxInFlight(posts);
  expect(inFlight).toBeLessThanOrEqual(CAP);
  // The cap was reached (both workers were busy), not merely never tested.
  expect(inFlight).toBe(CAP);
  expect(await m.prisma.callJob.count({ where: { id: { in: jobs }, status: { in: ["failed", "missed"] } } })).toBe(0);
  await Promise.all(workers.map((worker) => worker.stop()));
}, 180_000);
