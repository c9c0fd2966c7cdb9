// What every resolver gets for one request: the shop's fixtures with lookup
// tables, which protected customer data to withhold, and accumulators for the
// response's `extensions` (actual query cost, search warnings).
import type { CustomerFixture, OrderFixture, ProductFixture, ShopFixtures, VariantFixture } from "../fixtures/demo-shop";
import type { MetafieldStore } from "./metafields";
import type { ProtectedCustomerData } from "./schema";
import type { PolicyStore } from "./shop-policies";
import type { SearchWarning } from "./search-query";
import { toCents } from "./values";

export interface ShopIndex {
  productById: Map<number, ProductFixture>;
  variantById: Map<number, { product: ProductFixture; variant: VariantFixture }>;
  customerById: Map<number, CustomerFixture>;
  ordersByCustomerId: Map<number, OrderFixture[]>;
}

export interface SearchExtension {
  path: ReadonlyArray<string | number>;
  query: string;
  warnings: SearchWarning[];
}

export interface StandInContext {
  fixtures: ShopFixtures;
  index: ShopIndex;
  /** The shop's app-data metafields: the only state mutations change. */
  metafields: MetafieldStore;
  /** The merchant's policy edits (shopPolicyUpdate). */
  policies: PolicyStore;
  withheld: ReadonlySet<ProtectedCustomerData>;
  /** Grows as objects are resolved; becomes extensions.cost.actualQueryCost. */
  actualCost: number;
  searchExtensions: SearchExtension[];
}

const indexes = new WeakMap<ShopFixtures, ShopIndex>();

/** Built once per fixtures object; fixtures are treated as read-only. */
export function indexShop(fixtures: ShopFixtures): ShopIndex {
  let index = indexes.get(fixtures);
  if (index) return index;
  index = {
    productById: new Map(fixtures.products.map((product) => [product.id, product])),
    variantById: new Map(fixtures.products.flatMap((product) => product.variants.map((variant) => [variant.id, { product, variant }] as const))),
    customerById: new Map(fixtures.customers.map((customer) => [customer.id, customer])),
    ordersByCustomerId: new Map(),
  };
  for (const order of fixtures.orders) {
    if (order.customerId === null) continue;
    const orders = index.ordersByCustomerId.get(order.customerId) ?? [];
    orders.push(order);
    index.ordersByCustomerId.set(order.customerId, orders);
  }
  indexes.set(fixtures, index);
  return index;
}

export function orderSubtotalCents(order: OrderFixture): number {
  return order.lineItems.reduce((sum, item) => sum + item.quantity * toCents(item.unitPrice), 0);
}

export function orderTotalCents(order: OrderFixture): number {
  return orderSubtotalCents(order) + toCents(order.shippingPrice);
}
