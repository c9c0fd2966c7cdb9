// The HTTP server around the Remix build: express, the built assets, and
// Remix's express adapter (what remix-serve is made of, without its dev-server
// assumptions). The production entry (server.ts) and the sandbox's app server
// both use it.
import type { Server } from "node:http";
import { pathToFileURL } from "node:url";
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import express, { type Express } from "express";
import { refuseOversizedBodies } from "../http/body-limit.server";
import { httpLogger } from "../observability/http-logger.server";
import { MAX_WEBHOOK_BODY_BYTES } from "../vapi/webhook-body.server";

export interface WebAppOptions {
  build: ServerBuild;
  /** Remix's mode: "production" hides error details from responses. */
  mode: string;
  /** Routes of the host's own, served before Remix's (the sandbox's admin stand-in). */
  extraRoutes?: (app: Express) => void;
}

export function createWebApp({ build, mode, extraRoutes }: WebAppOptions): Express {
  const app = express();
  app.disable("x-powered-by");
  // Request-wide middleware (access log, body-size limits) goes here, before
  // the static files and the routes, so it sees every request.
  app.use(httpLogger);
  // No request of ours is bigger than a Vapi end-of-call report: refuse more with a 413 that closes the connection cleanly.
  app.use(refuseOversizedBodies({ limit: MAX_WEBHOOK_BODY_BYTES }));
  app.use("/build", express.static("public/build", { immutable: true, maxAge: "1y" }));
  app.use(express.static("public", { maxAge: "1h" }));
  extraRoutes?.(app);
  app.all("*", createRequestHandler({ build, mode }));
  return app;
}

/** Loads the Remix server build (CommonJS) from the project folder. */
export async function loadServerBuild(buildPath: string): Promise<ServerBuild> {
  const loaded = (await import(pathToFileURL(buildPath).href)) as ServerBuild & { default?: ServerBuild };
  return loaded.default ?? loaded;
}

export function listen(app: Express, port: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = app.listen(port);
    server.once("listening", () => resolve(server));
    server.once("error", reject);
  });
}

/**
 * Stops accepting connections and waits for in-flight requests; idle
 * keep-alive connections close at once, and any request still running after
 * `graceMs` has its connection closed.
 */
export function closeHttpServer(server: Server, graceMs: number): Promise<void> {
  return new Promise((resolve) => {
    const force = setTimeout(() => server.closeAllConnections(), graceMs);
    force.unref();
    server.close(() => {
      clearTimeout(force);
      resolve();
    });
    server.closeIdleConnections();
  });
}
