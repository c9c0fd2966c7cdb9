// The deploy tests (npm run test:deploy, run by .ci/run): a separate
// PostgreSQL 15 they start themselves, fresh clones, built processes. Slow
// (each `prisma migrate deploy` takes ~11 s), so not in `npm test`.
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

export default defineConfig({
  root: fileURLToPath(new URL("../..", import.meta.url)),
  test: {
    include: ["tests/deploy/**/*.test.ts"],
    testTimeout: 240_000,
    hookTimeout: 120_000,
    fileParallelism: false,
  },
});
