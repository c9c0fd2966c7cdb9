// A tool call's Admin API query needs the shop's offline session: it is read
// in the statement that checks the shop still owns the call, and the first
// load of it takes that row instead of querying again. Over the real route,
// against the Admin API stand-in (which refuses a wrong access token): the
// answer is the real one, one statement fewer is issued, a second tool call
// of the same message reads the table itself, and a shop without a session
// gets the fallback.
import { afterAll, beforeAll, beforeEach, expect, it, vi } from "vitest";
import { startToolsTestEnv, type ToolsTestEnv } from "../receptionist/tools/test-support";
import { toolCalls, vapiWebhookRequest, type CallRef } from "../../tests/support/vapi-messages";

let env: ToolsTestEnv;
let post: (body: unknown) => Promise<Response>;
let statements: string[] = [];
const ref: CallRef = { id: "call-tool-session", assistantId: "asst-tool-session", phoneNumberId: "pn-tool-session" };

beforeAll(async () => {
  env = await startToolsTestEnv();
  const { default: prisma } = await import("../db.server");
  await prisma.shop.update({
    where: { id: env.shopA.id },
    data: { ...{ assistantId: ref.assistantId, phoneNumberId: ref.phoneNumberId }, receptionistStatus: "active" },
  });
  const { action } = await import("./webhooks.vapi");
  const { callRoute } = await import("../../tests/support/shopify");
  post = (body) => callRoute(action, vapiWebhookRequest(body));
  // Every statement of the hot-path pool, by its prepared statement's name.
  const { hotPathPool } = await import("../db-pool.server");
  const pool = hotPathPool();
  const query = pool.query.bind(pool) as (...args: unknown[]) => unknown;
  vi.spyOn(pool, "query").mockImplementation(((...args: unknown[]) => {
    const config = args[0] as { name?: string } | string;
    statements.push(typeof config === "string" ? config : (config.name ?? "(unnamed)"));
    return query(...args);
  }) as typeof pool.query);
});
beforeEach(() => {
  statements = [];
  env.standIn.reset();
});
afterAll(() => env.standIn.close());

const search = (id: string, query: string) => ({ id, type: "function", function: { name: "product_search", arguments: { query } } });

async function answers(items: Array<Record<string, unknown>>): Promise<string[]> {
  const response = await post(toolCalls(ref, items));
  expect(response.status).toBe(200);
  const body = (await response.json()) as { results: Array<{ toolCallId: string; result: string }> };
  return body.results.map((entry) => entry.result);
}

it("answers a tool call with the session read alongside the ownership check, without loading it again", async () => {
  expect(await answers([search("tc-1", "flannel shirt")])).toEqual([
    "Found 1 product: Flannel Button-Up Shirt, $59 to $64, in stock in Small, Medium, Large and XL.",
  ]);
  expect(statements).toContain("vapi-still-owns-call-with-session");
  expect(statements).not.toContain("shopify-load-session");
  expect(env.standIn.requests()).toHaveLength(1);
});

it("a second tool call of the same message loads the session itself (it may have been refreshed by the first)", async () => {
  const [first, second] = await answers([search("tc-2", "flannel shirt"), search("tc-3", "chukka boots")]);
  expect(first).toContain("Flannel Button-Up Shirt");
  expect(second).toContain("Leather Chukka Boots");
  expect(statements.filter((name) => name === "shopify-load-session")).toHaveLength(1);
});

it("a shop whose offline session is gone gets the fallback, and the Admin API is not asked", async () => {
  const { default: prisma } = await import("../db.server");
  const { TOOL_FALLBACK } = await import("../receptionist/tools/answer-tool-calls.server");
  const saved = await prisma.session.findUniqueOrThrow({ where: { id: `offline_${env.shopA.domain}` } });
  await prisma.session.delete({ where: { id: saved.id } });
  try {
    expect(await answers([search("tc-4", "flannel shirt")])).toEqual([TOOL_FALLBACK]);
    expect(statements).not.toContain("shopify-load-session");
    expect(env.standIn.requests()).toHaveLength(0);
  } finally {
    await prisma.session.create({ data: saved });
  }
});

it("a webhook for a call the shop no longer owns is refused before any session is read", async () => {
  const response = await post(toolCalls({ ...ref, assistantId: "asst-nobody", phoneNumberId: "pn-nobody" }, [search("tc-5", "flannel shirt")]));
  expect(response.status).toBe(401);
  expect(statements).not.toContain("shopify-load-session");
  expect(env.standIn.requests()).toHaveLength(0);
});
