// The sandbox's app server: the production web app (app/web/express-app.ts)
// around the same Remix build, plus the sandbox's admin stand-in in front of
// it (admin-routes.ts). It refuses to run unless the configuration is the
// sandbox's (sandbox-mode.server.ts). Run with NODE_ENV=development: Remix's
// error pages show details.
import "./admin-api-routing.server";
import path from "node:path";
import { env } from "../env.server";
import { logger } from "../observability/logger.server";
import { STOP_DEADLINE_MS, stopOnSignals } from "../process/lifecycle";
import { closeHttpServer, createWebApp, listen, loadServerBuild } from "../web/express-app";
import { mountSandboxAdmin } from "./admin-routes";
import { assertSandboxMode } from "./sandbox-mode.server";

assertSandboxMode(env);
const port = Number(process.env.PORT ?? 3000);
// After the Admin API routing above: the build's Shopify library captures fetch when it loads.
const build = await loadServerBuild(path.resolve("build/index.cjs"));
const server = await listen(createWebApp({ build, mode: env.NODE_ENV, extraRoutes: mountSandboxAdmin }), port);
logger.info(`sandbox: app server listening on port ${port}`);
stopOnSignals({ name: "sandbox app server", stop: () => closeHttpServer(server, STOP_DEADLINE_MS - 3_000), log: (message) => logger.info(message) });
