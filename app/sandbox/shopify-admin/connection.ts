// Relay connections the way Shopify serves them: `first` or `last` is
// required (max 250), cursors are opaque base64 JSON, and pageInfo tells
// whether more items exist on either side of the page.
import { GraphQLError } from "graphql";

const MAX_PAGE_SIZE = 250;

export interface PageArgs {
  first?: number | null;
  last?: number | null;
  after?: string | null;
  before?: string | null;
}

export interface Connection<T> {
  nodes: T[];
  edges: Array<{ cursor: string; node: T }>;
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
}

/** `items` must already be filtered and sorted; `idOf` gives the cursor key. */
export function paginate<T>(items: readonly T[], args: PageArgs, idOf: (item: T) => number): Connection<T> {
  const { first, last } = args;
  if (first == null && last == null) throw new GraphQLError("you must provide one of first or last");
  for (const [name, value] of [
    ["first", first],
    ["last", last],
  ] as const) {
    // Wording approximates Shopify's; the limit (250) is Shopify's.
    if (value != null && (value < 0 || value > MAX_PAGE_SIZE)) {
      throw new GraphQLError(`The value of the argument \`${name}\` must be between 0 and ${MAX_PAGE_SIZE}.`);
    }
  }

  let start = 0;
  let end = items.length;
  if (args.after) start = indexOfCursor(items, args.after, idOf) + 1;
  if (args.before) end = indexOfCursor(items, args.before, idOf);
  if (first != null) end = Math.min(end, start + first);
  if (last != null) start = Math.max(start, end - last);

  const page = items.slice(start, end);
  const edges = page.map((node) => ({ cursor: encodeCursor(idOf(node)), node }));
  return {
    nodes: page,
    edges,
    pageInfo: {
      hasNextPage: end < items.length,
      hasPreviousPage: start > 0,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges[edges.length - 1]?.cursor ?? null,
    },
  };
}

function encodeCursor(id: number): string {
  return Buffer.from(JSON.stringify({ last_id: id, last_value: String(id) })).toString("base64");
}

function indexOfCursor<T>(items: readonly T[], cursor: string, idOf: (item: T) => number): number {
  let id: unknown;
  try {
    id = (JSON.parse(Buffer.from(cursor, "base64").toString("utf8")) as { last_id?: unknown }).last_id;
  } catch {
    id = undefined;
  }
  const index = items.findIndex((item) => idOf(item) === id);
  if (index === -1) throw new GraphQLError(`Invalid cursor for current pagination sort.`);
  return index;
}
