// What a deployment sets for the web and the worker (README "Deploying"),
// with the tests' documented credentials. DATABASE_URL is added per test.
import { TEST_ENV } from "../support/test-env";

const { NODE_ENV: _testMode, ...deployedEnv } = TEST_ENV;

export const TEST_APP_ENV: Record<string, string> = { ...deployedEnv, LOG_LEVEL: "info" };
