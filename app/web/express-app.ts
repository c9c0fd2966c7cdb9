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
import type { VapiWebhookHandler } from "../vapi/webhook-handler.server";
import { VAPI_WEBHOOK_PATH, vapiWebhookRoute } from "./vapi-webhook-route";

export interface WebAppOptions {
  build: ServerBuild;
  /** Remix's mode: "production" hides error details from responses. */
  mode: string;
  /** Routes of the host's own, served before Remix's (the sandbox's admin stand-in). */
  extraRoutes?: (app: Express) => void;
}

export function createWebApp({ build, mode, extraRoutes }: WebAppOptions): Express {
  const app = createWebAppFront(serverEntry(build).handleVapiWebhook);
  app.use("/build", express.static("public/build", { immutable: true, maxAge: "1y" }));
  app.use(express.static("public", { maxAge: "1h" }));
  extraRoutes?.(app);
  app.all("*", createRequestHandler({ build, mode }));
  return app;
}

/**
 * What the web app serves before the static files and Remix: request-wide
 * middleware (access log, body-size limit), so it sees every request, and
 * Vapi's messages (vapi-webhook-route.ts says why they skip Remix). The
 * tests serve the handler from source through it.
 */
export function createWebAppFront(handleVapiWebhook: VapiWebhookHandler): Express {
  const app = express();
  app.disable("x-powered-by");
  app.use(httpLogger);
  // No request of ours is bigger than a Vapi end-of-call report: refuse more with a 413 that closes the connection cleanly.
  app.use(refuseOversizedBodies({ limit: MAX_WEBHOOK_BODY_BYTES }));
  app.post(VAPI_WEBHOOK_PATH, vapiWebhookRoute(handleVapiWebhook, { limit: MAX_WEBHOOK_BODY_BYTES }));
  return app;
}

/** What app/entry.server.tsx exports besides Remix's own: handlers this server calls directly. */
interface ServerEntryHandlers {
  handleVapiWebhook: VapiWebhookHandler;
}

function serverEntry(build: ServerBuild): ServerEntryHandlers {
  const entry = build.entry.module as Partial<ServerEntryHandlers>;
  if (typeof entry.handleVapiWebhook !== "function") throw new Error("The server build's entry (app/entry.server.tsx) does not export handleVapiWebhook.");
  return { handleVapiWebhook: entry.handleVapiWebhook };
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
