// A local stand-in for the Shopify Admin GraphQL API: a real HTTP server on
// loopback answering POST /admin/api/2026-07/graphql.json for the shops it
// is given, validating every query against the real 2026-07 schema and
// executing it over fixtures. For the sandbox, the demo and tests only.
//
// Which shop a request is for: the X-Forwarded-Host header (set by
// routeShopifyAdminApiTo in redirect-fetch.ts, which keeps the original
// https://<shop>.myshopify.com host there), else the Host header. By hand:
//   curl -H 'X-Forwarded-Host: sandbox-demo.myshopify.com' \
//        -H 'X-Shopify-Access-Token: <token>' -H 'Content-Type: application/json' \
//        -d '{"query":"{ shop { name } }"}' <url>/admin/api/2026-07/graphql.json
import { randomUUID } from "node:crypto";
import { STATUS_CODES, createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { ShopFixtures } from "../fixtures/demo-shop";
import { executeQuery, summarizeOperation, type GraphQLRequestBody, type OperationSummary } from "./execute-query";
import type { MetafieldStore, StoredMetafield } from "./metafields";
import type { PolicyStore } from "./shop-policies";
import { FaultQueue, withheldCategories, type FaultRule } from "./faults";
import { TokenIssuer, type AppCredentials, type IssuedTokens } from "./oauth";
import { CostBucket, type CostExtension } from "./query-cost";
import { SHOP_DOMAIN_HEADER } from "./redirect-fetch";
import { ADMIN_API_VERSION, loadAdminSchema } from "./schema";

export type { FaultRule } from "./faults";

export interface StandInShop {
  accessToken: string;
  fixtures: ShopFixtures;
}

export interface StandInOptions {
  /** Keyed by shop domain, e.g. "sandbox-demo.myshopify.com". */
  shops: Record<string, StandInShop>;
  /** 0 (default) picks a free port. */
  port?: number;
  apiVersion?: typeof ADMIN_API_VERSION;
  /** The app's client id and secret: with them the stand-in answers /admin/oauth/access_token (token exchange, refresh). */
  app?: AppCredentials;
  /** Scopes granted to issued tokens. */
  scope?: string;
  /** The clock that expires issued tokens (tests move it). */
  now?: () => number;
}

export interface RequestLogEntry {
  at: string;
  shop: string | null;
  operationName: string | null;
  rootField: string | null;
  variables: Record<string, unknown> | null;
  /** HTTP status; 0 when a fault dropped the connection. */
  status: number;
  /** errors[].extensions.code of the response, e.g. ["THROTTLED"]. */
  errorCodes: string[];
  /** Whether a scripted fault (fail()) shaped this response. */
  faulted: boolean;
}

export interface ShopifyAdminStandIn {
  /** http://127.0.0.1:<port> */
  url: string;
  close(): Promise<void>;
  /** Requests received so far, oldest first. */
  requests(): RequestLogEntry[];
  /** Script a failure for the next matching request(s). */
  fail(rule: FaultRule): void;
  /** Delay every response by this much (benchmarks, timeouts). */
  setLatency(ms: number): void;
  /** The shop's app-data metafields as mutations left them. */
  metafields(shop: string): StoredMetafield[];
  /** Forget faults, latency, the request log and the cost buckets. */
  reset(): void;
  /** Tokens for a shop as the token endpoint would issue them (expiring by default; a negative lifetime is already expired). */
  issueTokens(shop: string, options?: { expiring?: boolean; expiresInSeconds?: number }): IssuedTokens;
}

const INVALID_TOKEN = "[API] Invalid API key or access token (unrecognized login or wrong password)";

interface Reply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

export async function startShopifyAdminStandIn(options: StandInOptions): Promise<ShopifyAdminStandIn> {
  const apiVersion = options.apiVersion ?? ADMIN_API_VERSION;
  const shops = new Map(Object.entries(options.shops).map(([domain, shop]) => [domain.toLowerCase(), shop]));
  loadAdminSchema(); // pay the schema load now, not on the first request
  const tokens = new TokenIssuer(options.app, options.scope ?? "read_orders,read_products,read_customers", options.now);

  const faults = new FaultQueue();
  let log: RequestLogEntry[] = [];
  let latencyMs = 0;
  let buckets = new Map<string, CostBucket>();
  const metafieldStores = new Map<string, MetafieldStore>();
  const policyStores = new Map<string, PolicyStore>();
  const policiesOf = (domain: string) => {
    let store = policyStores.get(domain);
    if (!store) policyStores.set(domain, (store = new Map()));
    return store;
  };
  const metafieldsOf = (domain: string) => {
    let store = metafieldStores.get(domain);
    if (!store) metafieldStores.set(domain, (store = new Map()));
    return store;
  };

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const entry: RequestLogEntry = {
      at: new Date().toISOString(),
      shop: null,
      operationName: null,
      rootField: null,
      variables: null,
      status: 0,
      errorCodes: [],
      faulted: false,
    };
    log.push(entry);
    if (latencyMs > 0) await sleep(latencyMs);

    const reply = await route(request, entry);
    if (reply === "drop") {
      request.socket.destroy();
      return;
    }
    entry.status = reply.status;
    entry.errorCodes = errorCodesOf(reply.body);
    response.writeHead(reply.status, {
      "Content-Type": "application/json; charset=utf-8",
      "X-Request-Id": randomUUID(),
      "X-Shopify-API-Version": apiVersion,
      ...reply.headers,
    });
    response.end(JSON.stringify(reply.body));
  }

  async function route(request: IncomingMessage, entry: RequestLogEntry): Promise<Reply | "drop"> {
    const path = new URL(request.url ?? "/", "http://stand-in").pathname;
    if (path === "/admin/oauth/access_token") return accessTokenRequest(request, entry);
    const match = /^\/admin\/api\/([^/]+)\/graphql\.json$/.exec(path);
    if (!match || match[1] !== apiVersion) return { status: 404, body: { errors: "Not Found" } };
    if (request.method !== "POST") return { status: 405, body: { errors: "Method Not Allowed" }, headers: { Allow: "POST" } };

    const domain = shopDomainOf(request);
    entry.shop = domain;
    const shop = shops.get(domain);
    if (!shop) return { status: 404, body: { errors: "Not Found" } };
    const token = request.headers["x-shopify-access-token"];
    if (token !== shop.accessToken && !tokens.isValid(domain, typeof token === "string" ? token : undefined)) {
      return { status: 401, body: { errors: INVALID_TOKEN } };
    }

    const body = parseBody(await readBody(request), request.headers["content-type"]);
    if (!body) return { status: 400, body: { errors: { query: "Required parameter missing or invalid" } } };
    const summary = summarizeOperation(body);
    Object.assign(entry, { operationName: summary.operationName, rootField: summary.rootField, variables: body.variables ?? null });

    const fault = faults.take({ shop: domain, ...summary });
    entry.faulted = fault !== undefined;
    if (fault?.delayMs) await sleep(fault.delayMs);
    if (fault?.dropConnection) return "drop";
    if (fault?.status) return statusFault(fault.status);
    const bucket = bucketOf(domain);
    if (fault?.throttled) return throttled(summary, bucket);
    if (fault?.errors && !fault.withData) return { status: 200, body: { errors: fault.errors } };

    const outcome = await executeQuery(body, shop.fixtures, metafieldsOf(domain), withheldCategories(fault), policiesOf(domain));
    const extensions: Record<string, unknown> = {};
    if (outcome.requestedCost !== undefined) {
      const cost: CostExtension = {
        requestedQueryCost: outcome.requestedCost,
        actualQueryCost: outcome.actualCost ?? null,
        throttleStatus: bucket.spend(outcome.actualCost ?? 0),
      };
      extensions.cost = cost;
    }
    if (outcome.searchExtensions.length > 0) extensions.search = outcome.searchExtensions;
    return {
      status: 200,
      body: {
        ...(outcome.data !== undefined ? { data: outcome.data } : {}),
        ...(outcome.errors || fault?.errors ? { errors: [...(outcome.errors ?? []), ...(fault?.errors ?? [])] } : {}),
        ...(Object.keys(extensions).length > 0 ? { extensions } : {}),
      },
    };
  }

  async function accessTokenRequest(request: IncomingMessage, entry: RequestLogEntry): Promise<Reply> {
    if (request.method !== "POST") return { status: 405, body: { errors: "Method Not Allowed" }, headers: { Allow: "POST" } };
    const domain = shopDomainOf(request);
    Object.assign(entry, { shop: domain, rootField: "oauth/access_token" });
    if (!shops.has(domain)) return { status: 404, body: { errors: "Not Found" } };
    const body = parseFormOrJson(await readBody(request), request.headers["content-type"]);
    entry.operationName = typeof body.grant_type === "string" ? body.grant_type : null;
    return tokens.handle(domain, body);
  }

  function bucketOf(domain: string): CostBucket {
    let bucket = buckets.get(domain);
    if (!bucket) buckets.set(domain, (bucket = new CostBucket()));
    return bucket;
  }

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      // A stand-in bug: make it visible to the test instead of hanging.
      if (!response.headersSent) response.writeHead(500, { "Content-Type": "application/json; charset=utf-8" });
      response.end(JSON.stringify({ errors: `Shopify Admin stand-in crashed: ${String(error)}` }));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", resolve);
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections(); // keep-alive sockets from fetch would hold close() open
      }),
    requests: () => log.map((entry) => ({ ...entry })),
    metafields: (shop) => [...metafieldsOf(shop.toLowerCase()).values()].map((metafield) => ({ ...metafield })),
    fail: (rule) => faults.add(rule),
    issueTokens: (shop, issueOptions) => tokens.issue(shop.toLowerCase(), issueOptions),
    setLatency: (ms) => {
      latencyMs = ms;
    },
    reset: () => {
      faults.clear();
      log = [];
      latencyMs = 0;
      buckets = new Map();
    },
  };
}

function shopDomainOf(request: IncomingMessage): string {
  const forwarded = request.headers[SHOP_DOMAIN_HEADER];
  const host = (Array.isArray(forwarded) ? forwarded[0] : forwarded) ?? request.headers.host ?? "";
  return host.replace(/:\d+$/, "").toLowerCase();
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

/** The token endpoint takes JSON or a form. */
function parseFormOrJson(raw: string, contentType: string | undefined): Record<string, unknown> {
  if (contentType?.startsWith("application/x-www-form-urlencoded")) return Object.fromEntries(new URLSearchParams(raw));
  try {
    const parsed: unknown = JSON.parse(raw);
    return typeof parsed === "object" && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** Shopify accepts JSON bodies and raw `application/graphql` queries. */
function parseBody(raw: string, contentType: string | undefined): GraphQLRequestBody | null {
  if (contentType?.startsWith("application/graphql")) return raw.trim() ? { query: raw } : null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return null;
  }
  if (typeof parsed !== "object" || parsed === null) return null;
  const { query, variables, operationName } = parsed as Record<string, unknown>;
  if (typeof query !== "string" || query.trim() === "") return null;
  return {
    query,
    variables: typeof variables === "object" && variables !== null ? (variables as Record<string, unknown>) : null,
    operationName: typeof operationName === "string" ? operationName : null,
  };
}

function statusFault(status: number): Reply {
  const requestId = randomUUID();
  if (status === 429 || status === 503) {
    // Shopify sends Retry-After in seconds; @shopify/graphql-client retries these two.
    return { status, body: { errors: STATUS_CODES[status] }, headers: { "Retry-After": "1.0" } };
  }
  if (status >= 500) {
    return {
      status,
      body: {
        errors: [
          {
            message: `Internal error. Looks like something went wrong on our end.\nRequest ID: ${requestId} (include this in support requests).`,
            extensions: { code: "INTERNAL_SERVER_ERROR", requestId },
          },
        ],
      },
    };
  }
  return { status, body: { errors: STATUS_CODES[status] ?? "Error" } };
}

function throttled(summary: OperationSummary, bucket: CostBucket): Reply {
  const requested = summary.requestedCost ?? 0;
  const status = bucket.spend(0);
  return {
    status: 200,
    body: {
      errors: [{ message: "Throttled", extensions: { code: "THROTTLED", documentation: "https://shopify.dev/api/usage/rate-limits" } }],
      extensions: {
        cost: {
          requestedQueryCost: requested,
          actualQueryCost: null,
          // Below what the query needs: that is what being throttled means.
          throttleStatus: { ...status, currentlyAvailable: Math.min(status.currentlyAvailable, Math.max(0, requested - 1)) },
        } satisfies CostExtension,
      },
    },
  };
}

function errorCodesOf(body: unknown): string[] {
  const errors = (body as { errors?: unknown } | null)?.errors;
  if (!Array.isArray(errors)) return [];
  return errors.map((error) => (error as { extensions?: { code?: unknown } }).extensions?.code).filter((code): code is string => typeof code === "string");
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
