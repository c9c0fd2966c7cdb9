// `npm start`: the production web process. Serves the Remix build
// (build/index.cjs) with express and stops cleanly on SIGTERM/SIGINT: the
// HTTP server closes (in-flight requests finish), then the job queue and the
// database pool the build opened (their shutdown hooks). Built to
// build/server.js by `npm run build`.
import path from "node:path";
import { endLogs, logger } from "./app/observability/logger.server";
import { STOP_DEADLINE_MS, stopOnSignals } from "./app/process/lifecycle";
import { closeHttpServer, createWebApp, listen, loadServerBuild } from "./app/web/express-app";

const port = Number(process.env.PORT || 3000);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`PORT is malformed. Expected: a TCP port number, e.g. 3000.`);
  process.exit(1);
}

const build = await loadServerBuild(path.resolve("build/index.cjs"));
const server = await listen(createWebApp({ build, mode: process.env.NODE_ENV ?? "production" }), port);
logger.info(`Web server listening on port ${port}`);

stopOnSignals({
  name: "web",
  // Leaves time for the hooks (job queue, database) within the deadline.
  stop: () => closeHttpServer(server, STOP_DEADLINE_MS - 3_000),
  log: (message) => logger.info(message),
  flush: endLogs,
});
