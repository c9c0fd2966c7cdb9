// Activation polling (vapi-resources.server.ts waitUntilActive): a number is
// noticed promptly once Vapi says it is active, even with slow GETs, and the
// polling stays bounded (its schedule, and how many GETs it makes).
import { describe, expect, it } from "vitest";
import { newShop, useProvisioningHarness, vapiRequests } from "../../tests/support/receptionist";

const ACTIVATION_MS = 600;
const GET_MS = 100;
const h = useProvisioningHarness({ activationDelayMs: ACTIVATION_MS });

describe("activationPollDelay", () => {
  it.each([
    [0, 25],
    [1_999, 25],
    [2_000, 50],
    [4_000, 100],
    [8_000, 400],
    [10_000, 800],
    [12_000, 1_000],
    [59_000, 1_000],
  ])("%i ms after polling began: %i ms", async (elapsed, delay) => {
    const { activationPollDelay } = await import("./vapi-resources.server");
    expect(activationPollDelay(elapsed)).toBe(delay);
  });

  it("never polls faster than every 25 ms nor slower than every second", async () => {
    const { activationPollDelay } = await import("./vapi-resources.server");
    for (let elapsed = 0; elapsed <= 120_000; elapsed += 97) {
      const delay = activationPollDelay(elapsed);
      expect(delay).toBeGreaterThanOrEqual(25);
      expect(delay).toBeLessThanOrEqual(1_000);
      expect(activationPollDelay(elapsed + 97)).toBeGreaterThanOrEqual(delay);
    }
  });
});

describe("waitUntilActive with slow GETs", () => {
  it("polls without waiting for the previous answer, with a bounded number of GETs", async () => {
    const shop = await newShop();
    h.simulator.setLatency({ method: "GET", ms: GET_MS });
    // The default (adaptive) schedule, as production polls.
    const outcome = await h.provisioning.provisionReceptionist(
      shop.id,
      { voice: "anna", hoursOfOperation: null, preferredAreaCode: null, forwardingNumber: null },
      async () => [],
      {
        sleep: h.recorder.sleep,
      },
    );
    expect(outcome.status).toBe("provisioned");

    const polls = vapiRequests(h.simulator, "GET", `/phone-number/${outcome.shop.phoneNumberId}`);
    // Polls do not wait for the previous answer (each GET takes 100 ms): the gap
    // between an activation and the poll that notices it is a poll interval, not a GET.
    const starts = polls.map((poll) => Date.parse(poll.timestamp));
    const gaps = starts.slice(1).map((start, index) => start - starts[index]);
    expect(Math.min(...gaps)).toBeLessThan(GET_MS);
    // 600 ms of activation at one poll per 25 ms, at most 4 in flight: no flood.
    expect(polls.length).toBeLessThanOrEqual(ACTIVATION_MS / 25 + 8);
  });
});

describe("waitUntilActive when it ends", () => {
  it("ends the polls still in flight, and tries none of them again: no GET of the number once the setup answered", async () => {
    const shop = await newShop();
    h.simulator.setLatency({ method: "GET", ms: GET_MS });
    // The first poll fails: its retry is due a second later, long after another poll found the number active.
    h.simulator.fail({ method: "GET", path: /^\/phone-number\/[^/]+$/, status: 503 });
    const retryWaits: number[] = [];
    const outcome = await h.provisioning.provisionReceptionist(
      shop.id,
      { voice: "anna", hoursOfOperation: null, preferredAreaCode: null, forwardingNumber: null },
      async () => [],
      {
        sleep: (ms) => {
          retryWaits.push(ms);
          return new Promise((resolve) => setTimeout(resolve, 1_000));
        },
      },
    );
    const answeredAt = Date.now();
    expect(outcome.status).toBe("provisioned");
    expect(retryWaits).toHaveLength(1);

    await new Promise((resolve) => setTimeout(resolve, 1_000 + 2 * GET_MS));
    const polls = vapiRequests(h.simulator, "GET", `/phone-number/${outcome.shop.phoneNumberId}`);
    expect(polls.filter((poll) => poll.status === 503)).toHaveLength(1);
    expect(polls.filter((poll) => Date.parse(poll.timestamp) >= answeredAt)).toEqual([]);
    // Those ended unanswered were answered by Vapi all the same: the log closes them.
    expect(polls.every((poll) => poll.durationMs !== null)).toBe(true);
  });
});
