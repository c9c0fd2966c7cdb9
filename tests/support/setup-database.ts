// Runs before each test file: the file gets its own database, cloned from the
// migrated template, and the environment the app validates at import.
import { randomBytes } from "node:crypto";
import { inject } from "vitest";
import { createDatabaseIfMissing } from "../../app/sandbox/database";
import { withDatabase } from "../../app/sandbox/embedded-postgres";
import { TEST_ENV } from "./test-env";

const serverUrl = inject("databaseServerUrl");
const prefix = inject("databasePrefix");
const database = `${prefix}_${randomBytes(4).toString("hex")}`;
await createDatabaseIfMissing(serverUrl, database, `${prefix}_template`);

Object.assign(process.env, TEST_ENV, { DATABASE_URL: withDatabase(serverUrl, database) });
