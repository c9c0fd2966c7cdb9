// products / orders / customers connections: search (`query`), `sortKey`,
// `reverse`, then pagination, in the order Shopify applies them.
import { GraphQLError, responsePathAsArray, type GraphQLResolveInfo } from "graphql";
import type { CustomerFixture, OrderFixture, ProductFixture } from "../fixtures/demo-shop";
import { paginate, type Connection, type PageArgs } from "./connection";
import { orderTotalCents, type ShopIndex, type StandInContext } from "./context";
import { filterBySearch, type SearchField, type SearchSpec } from "./search-query";

export interface ListArgs extends PageArgs {
  query?: string | null;
  sortKey?: string | null;
  reverse?: boolean | null;
}

type Comparison<T> = (a: T, b: T) => number;

interface Listing<T extends { id: number }> {
  search: SearchSpec<T>;
  /** Keys of the schema's *SortKeys enum that the stand-in implements. */
  sortKeys: Record<string, Comparison<T>>;
}

export function listProducts(items: readonly ProductFixture[], args: ListArgs, context: StandInContext, info: GraphQLResolveInfo) {
  return list(items, productListing, args, context, info);
}

export function listOrders(items: readonly OrderFixture[], args: ListArgs, context: StandInContext, info: GraphQLResolveInfo) {
  return list(items, orderListing(context.index), args, context, info);
}

export function listCustomers(items: readonly CustomerFixture[], args: ListArgs, context: StandInContext, info: GraphQLResolveInfo) {
  return list(items, customerListing, args, context, info);
}

function list<T extends { id: number }>(
  items: readonly T[],
  listing: Listing<T>,
  args: ListArgs,
  context: StandInContext,
  info: GraphQLResolveInfo,
): Connection<T> {
  const { items: found, warnings } = filterBySearch(items, args.query, listing.search);
  if (warnings.length > 0 && args.query) {
    context.searchExtensions.push({ path: responsePathAsArray(info.path), query: args.query, warnings });
  }
  // RELEVANCE (and no sortKey) keep id order: the fixtures have no ranking.
  const sortKey = args.sortKey ?? "ID";
  const comparison = sortKey === "RELEVANCE" ? byId : listing.sortKeys[sortKey];
  if (!comparison) {
    throw new GraphQLError(`The Shopify Admin stand-in does not implement sortKey ${sortKey} here.`, {
      extensions: { code: "STAND_IN_NOT_IMPLEMENTED" },
    });
  }
  const sorted = found.sort((a, b) => comparison(a, b) || byId(a, b));
  if (args.reverse) sorted.reverse();
  return paginate(sorted, args, (item) => item.id);
}

const byId: Comparison<{ id: number }> = (a, b) => a.id - b.id;
const byText =
  <T>(value: (item: T) => string): Comparison<T> =>
  (a, b) =>
    value(a).localeCompare(value(b));
const byNumber =
  <T>(value: (item: T) => number): Comparison<T> =>
  (a, b) =>
    value(a) - value(b);
const byDate = <T>(value: (item: T) => string): Comparison<T> => byNumber((item) => Date.parse(value(item)));

const field = <T>(kind: SearchField<T>["kind"], values: SearchField<T>["values"]): SearchField<T> => ({ kind, values });

export const totalInventory = (product: ProductFixture) => product.variants.reduce((sum, variant) => sum + variant.inventoryQuantity, 0);

const productFields = {
  title: field<ProductFixture>("text", (p) => [p.title]),
  handle: field<ProductFixture>("keyword", (p) => [p.handle]),
  status: field<ProductFixture>("keyword", (p) => [p.status]),
  product_type: field<ProductFixture>("text", (p) => [p.productType]),
  vendor: field<ProductFixture>("text", (p) => [p.vendor]),
  tag: field<ProductFixture>("keyword", (p) => p.tags),
  sku: field<ProductFixture>("keyword", (p) => p.variants.map((v) => v.sku)),
  id: field<ProductFixture>("number", (p) => [p.id]),
  inventory_total: field<ProductFixture>("number", (p) => [totalInventory(p)]),
  created_at: field<ProductFixture>("date", (p) => [p.createdAt]),
  updated_at: field<ProductFixture>("date", (p) => [p.updatedAt]),
};

const productListing: Listing<ProductFixture> = {
  search: {
    fields: productFields,
    freeText: [productFields.title, productFields.product_type, productFields.vendor, productFields.tag, productFields.sku],
  },
  sortKeys: {
    ID: byId,
    TITLE: byText((p) => p.title),
    CREATED_AT: byDate((p) => p.createdAt),
    UPDATED_AT: byDate((p) => p.updatedAt),
    PUBLISHED_AT: byDate((p) => p.createdAt),
    INVENTORY_TOTAL: byNumber(totalInventory),
    PRODUCT_TYPE: byText((p) => p.productType),
    VENDOR: byText((p) => p.vendor),
  },
};

/** Names Shopify's order search accepts for each display status. */
const FULFILLMENT_SEARCH_NAMES: Record<OrderFixture["displayFulfillmentStatus"], string[]> = {
  FULFILLED: ["fulfilled", "shipped"],
  UNFULFILLED: ["unfulfilled", "unshipped"],
  PARTIALLY_FULFILLED: ["partial", "partially_fulfilled"],
  IN_PROGRESS: ["in_progress"],
  ON_HOLD: ["on_hold"],
};

export const orderUpdatedAt = (order: OrderFixture): string =>
  [order.processedAt, order.cancelledAt, ...order.fulfillments.flatMap((f) => [f.createdAt, f.deliveredAt])]
    .filter((date): date is string => date !== null)
    .sort()
    .at(-1) ?? order.processedAt;

function orderListing(index: ShopIndex): Listing<OrderFixture> {
  const customerName = (order: OrderFixture) => {
    const customer = order.customerId === null ? undefined : index.customerById.get(order.customerId);
    return customer ? `${customer.firstName} ${customer.lastName}` : "";
  };
  const fields = {
    name: field<OrderFixture>("keyword", (o) => [o.name, o.name.replace(/^#/, "")]),
    id: field<OrderFixture>("number", (o) => [o.id]),
    email: field<OrderFixture>("keyword", (o) => [o.email]),
    customer_id: field<OrderFixture>("number", (o) => [o.customerId]),
    financial_status: field<OrderFixture>("keyword", (o) => [o.displayFinancialStatus]),
    fulfillment_status: field<OrderFixture>("keyword", (o) => FULFILLMENT_SEARCH_NAMES[o.displayFulfillmentStatus]),
    status: field<OrderFixture>("keyword", (o) => [o.cancelledAt ? "cancelled" : "open"]),
    processed_at: field<OrderFixture>("date", (o) => [o.processedAt]),
    created_at: field<OrderFixture>("date", (o) => [o.processedAt]),
    updated_at: field<OrderFixture>("date", (o) => [orderUpdatedAt(o)]),
    tag: field<OrderFixture>("keyword", (o) => o.tags),
    sku: field<OrderFixture>("keyword", (o) => o.lineItems.map((item) => item.sku)),
  };
  return {
    search: {
      fields,
      freeText: [fields.name, fields.email, fields.sku, field("text", (o) => [customerName(o)]), field("text", (o) => o.lineItems.map((item) => item.title))],
    },
    sortKeys: {
      ID: byId,
      PROCESSED_AT: byDate((o) => o.processedAt),
      CREATED_AT: byDate((o) => o.processedAt),
      UPDATED_AT: byDate(orderUpdatedAt),
      ORDER_NUMBER: byNumber((o) => Number(o.name.replace(/\D/g, ""))),
      TOTAL_PRICE: byNumber(orderTotalCents),
      CUSTOMER_NAME: byText(customerName),
      FINANCIAL_STATUS: byText((o) => o.displayFinancialStatus),
      FULFILLMENT_STATUS: byText((o) => o.displayFulfillmentStatus),
    },
  };
}

const customerFields = {
  phone: field<CustomerFixture>("phone", (c) => [c.phone]),
  email: field<CustomerFixture>("keyword", (c) => [c.email]),
  first_name: field<CustomerFixture>("text", (c) => [c.firstName]),
  last_name: field<CustomerFixture>("text", (c) => [c.lastName]),
  tag: field<CustomerFixture>("keyword", (c) => c.tags),
  id: field<CustomerFixture>("number", (c) => [c.id]),
  country: field<CustomerFixture>("text", (c) => [c.defaultAddress?.country ?? null, c.defaultAddress?.countryCodeV2 ?? null]),
  created_at: field<CustomerFixture>("date", (c) => [c.createdAt]),
};

const customerListing: Listing<CustomerFixture> = {
  search: {
    fields: customerFields,
    freeText: [customerFields.first_name, customerFields.last_name, customerFields.email, customerFields.phone],
  },
  sortKeys: {
    ID: byId,
    NAME: byText((c) => `${c.firstName} ${c.lastName}`),
    CREATED_AT: byDate((c) => c.createdAt),
    UPDATED_AT: byDate((c) => c.createdAt),
  },
};
