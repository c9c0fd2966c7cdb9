// A real worker process (node, the worker module as `npm run worker` starts
// it) stopped by a signal while it is placing a check-in call: the call in
// flight is finished and recorded before the process exits 0, within 10 s.
import { afterAll, beforeAll, expect, it } from "vitest";
import { startProcess, type RunningProcess } from "../support/processes";
import { createJob, createSchedule, eventually, receptionistShop, startCheckins, stopCheckins, type CheckinModules } from "../support/checkins";

let m: CheckinModules;
const workers: RunningProcess[] = [];

beforeAll(async () => {
  m = await startCheckins();
});

afterAll(async () => {
  for (const worker of workers) worker.kill();
  await stopCheckins(m);
});

it.each<[NodeJS.Signals]>([["SIGTERM"], ["SIGINT"]])(
  "%s while Vapi is answering POST /call: the call is placed and recorded, then exit 0 within 10 s",
  async (signal) => {
    const shop = await receptionistShop(m);
    const settings = await createSchedule(m, shop);
    const job = await createJob(m, settings);
    // Vapi takes 2.5 s to answer this POST /call: the signal arrives while it is in flight.
    m.simulator.fail({ method: "POST", path: "/call", delayMs: 2_500 });

    const worker = startProcess(process.execPath, ["--import", "tsx", "app/jobs/worker.ts"], {
      env: { ...process.env, VAPI_BASE_URL: m.simulator.url, LOG_LEVEL: "info" },
    });
    workers.push(worker);
    await worker.waitForOutput(/Worker started/, 30_000);
    await (await m.queue.jobQueue()).send(m.queue.QUEUES.dispatch, { callJobId: job.id });
    // Claimed: the dispatcher is now waiting on POST /call.
    await eventually(async () => (await m.prisma.callJob.findUnique({ where: { id: job.id } }))?.status === "scheduled", 15_000, "the job claimed");

    const stopped = await worker.signal(signal);
    expect(stopped, worker.output()).toMatchObject({ code: 0 });
    expect(stopped.ms).toBeLessThan(10_000);
    const after = await m.prisma.callJob.findUniqueOrThrow({ where: { id: job.id } });
    expect(after.vapiCallId).toBeTruthy();
    expect(worker.output()).toMatch(/Check-in call placed/);
    // tsx's esbuild service (a child in the same group) ends when node's pipe to it closes, a moment later.
    await eventually(() => !worker.groupAlive(), 2_000, "the process group gone");
  },
  60_000,
);
