// The database is unreachable (nothing listens on the port): /healthz says
// so with a 503 instead of failing.
import { beforeAll, expect, it } from "vitest";
import { freePort } from "../sandbox/embedded-postgres";

let loader: typeof import("./healthz").loader;

beforeAll(async () => {
  process.env.DATABASE_URL = `postgresql://postgres:postgres@127.0.0.1:${await freePort()}/nothing`;
  ({ loader } = await import("./healthz"));
});

it("answers 503 with database down", async () => {
  const response = await loader();
  expect(response.status).toBe(503);
  expect(await response.json()).toEqual({ status: "degraded", database: "down" });
});
