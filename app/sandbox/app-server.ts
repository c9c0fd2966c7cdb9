// Serves the built app for the sandbox. remix-serve assumes Remix's dev server
// whenever NODE_ENV=development, and the sandbox must not run as production,
// so it uses the same pieces remix-serve is made of: express, its static
// files and Remix's express adapter.
import path from "node:path";
import { pathToFileURL } from "node:url";
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import express from "express";
import { httpLogger } from "../observability/http-logger.server";

const port = Number(process.env.PORT ?? 3000);
const build = (await import(pathToFileURL(path.resolve("build/index.cjs")).href)) as ServerBuild & { default?: ServerBuild };

const app = express();
app.disable("x-powered-by");
app.use(httpLogger);
app.use("/build", express.static("public/build", { immutable: true, maxAge: "1y" }));
app.use(express.static("public", { maxAge: "1h" }));
app.all("*", createRequestHandler({ build: build.default ?? build, mode: process.env.NODE_ENV }));

const server = app.listen(port, () => console.log(`sandbox: app server listening on port ${port}`));
process.on("SIGTERM", () => server.close(() => process.exit(0)));
