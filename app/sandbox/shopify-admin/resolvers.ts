// Resolvers over the fixtures, per GraphQL type. A field resolves, in order,
// through RESOLVERS[type][field], else the source object's own property of
// the same name (fixtures and views use the schema's field names on purpose),
// else an explicit STAND_IN_NOT_IMPLEMENTED error: a valid query that asks for
// something the stand-in lacks fails loudly instead of returning made-up data.
import { GraphQLError, getNamedType, isCompositeType, type GraphQLFieldResolver, type GraphQLResolveInfo } from "graphql";
import type {
  AddressFixture,
  CustomerFixture,
  FulfillmentFixture,
  LineItemFixture,
  OrderFixture,
  ProductFixture,
  ShopInfoFixture,
  VariantFixture,
} from "../fixtures/demo-shop";
import { paginate } from "./connection";
import { orderSubtotalCents, orderTotalCents, type StandInContext } from "./context";
import { AppInstallation, appInstallationId, MetafieldMutations } from "./metafields";
import { shopPolicies, ShopPolicyMutations } from "./shop-policies";
import { listCustomers, listOrders, listProducts, orderUpdatedAt, totalInventory, type ListArgs } from "./listings";
import type { ProtectedCustomerData } from "./schema";
import { gid, moneyBag, moneyV2, parseGid, toCents } from "./values";

export interface FieldArgs extends ListArgs {
  id?: string;
  truncateAt?: number | null;
}

type Resolve<S> = (source: S, args: FieldArgs, context: StandInContext, info: GraphQLResolveInfo) => unknown;
type TypeResolvers<S> = Record<string, Resolve<S>>;

export function createFieldResolver(protectedFields: ReadonlyMap<string, ProtectedCustomerData>): GraphQLFieldResolver<unknown, StandInContext, FieldArgs> {
  return (source, args, context, info) => {
    const coordinate = `${info.parentType.name}.${info.fieldName}`;
    const category = protectedFields.get(coordinate);
    if (category && context.withheld.has(category)) throw accessDenied(info.fieldName);

    const resolve = RESOLVERS[info.parentType.name]?.[info.fieldName] as Resolve<unknown> | undefined;
    let value: unknown;
    if (resolve) {
      value = resolve(source, args, context, info);
    } else if (typeof source === "object" && source !== null && Object.hasOwn(source, info.fieldName)) {
      value = (source as Record<string, unknown>)[info.fieldName];
    } else {
      throw new GraphQLError(`The Shopify Admin stand-in does not implement ${coordinate}.`, {
        extensions: { code: "STAND_IN_NOT_IMPLEMENTED" },
      });
    }
    context.actualCost += actualCostOf(info, value);
    return value;
  };
}

/** Shopify's cost model: objects 1, connections 2, scalars 0 (see query-cost.ts). */
function actualCostOf(info: GraphQLResolveInfo, value: unknown): number {
  const type = getNamedType(info.returnType);
  if (!isCompositeType(type) || value == null) return 0;
  if (type.name.endsWith("Connection")) return 2;
  if (type.name.endsWith("Edge") || type.name === "PageInfo") return 0; // the node is counted
  return Array.isArray(value) ? value.length : 1;
}

function accessDenied(fieldName: string): GraphQLError {
  return new GraphQLError(
    `This app is not approved to use the ${fieldName} field. See https://shopify.dev/docs/apps/launch/protected-customer-data for more details.`,
    { extensions: { code: "ACCESS_DENIED", documentation: "https://shopify.dev/docs/apps/launch/protected-customer-data" } },
  );
}

function byGid<T>(type: string, id: string | undefined, lookup: (id: number) => T | undefined): T | null {
  const numericId = id === undefined ? null : parseGid(type, id);
  return (numericId === null ? undefined : lookup(numericId)) ?? null;
}

const QueryRoot: TypeResolvers<unknown> = {
  shop: (_root, _args, { fixtures }) => fixtures.shop,
  products: (_root, args, context, info) => listProducts(context.fixtures.products, args, context, info),
  product: (_root, { id }, { index }) => byGid("Product", id, (n) => index.productById.get(n)),
  productVariant: (_root, { id }, { index }) => byGid("ProductVariant", id, (n) => index.variantById.get(n)?.variant),
  orders: (_root, args, context, info) => listOrders(context.fixtures.orders, args, context, info),
  order: (_root, { id }, { fixtures }) => byGid("Order", id, (n) => fixtures.orders.find((order) => order.id === n)),
  customers: (_root, args, context, info) => listCustomers(context.fixtures.customers, args, context, info),
  customer: (_root, { id }, { index }) => byGid("Customer", id, (n) => index.customerById.get(n)),
  currentAppInstallation: (_root, _args, { fixtures }) => ({ id: appInstallationId(fixtures.shop) }),
};

function shopAddress(shop: ShopInfoFixture) {
  return { ...addressView(shop.address), id: gid("ShopAddress", shop.id), company: shop.name, phone: shop.phone };
}

const Shop: TypeResolvers<ShopInfoFixture> = {
  id: (shop) => gid("Shop", shop.id),
  primaryDomain: (shop) => ({
    id: gid("Domain", shop.id),
    host: shop.primaryDomainHost,
    url: `https://${shop.primaryDomainHost}`,
    sslEnabled: true,
  }),
  url: (shop) => `https://${shop.primaryDomainHost}`,
  shopAddress,
  billingAddress: shopAddress, // deprecated since 2025-10, still served
  timezoneAbbreviation: (shop) =>
    new Intl.DateTimeFormat("en-US", { timeZone: shop.ianaTimezone, timeZoneName: "short" })
      .formatToParts(new Date())
      .find((part) => part.type === "timeZoneName")?.value ?? "UTC",
  taxesIncluded: () => true, // order totals are line items + shipping
  shipsToCountries: (shop) => shop.shipsToCountries ?? [],
  shopPolicies: (shop, _args, context) => shopPolicies(shop, context),
};

const Product: TypeResolvers<ProductFixture> = {
  id: (product) => gid("Product", product.id),
  legacyResourceId: (product) => String(product.id),
  description: (product, { truncateAt }) =>
    truncateAt != null && product.description.length > truncateAt ? `${product.description.slice(0, truncateAt)}...` : product.description,
  totalInventory: (product) => totalInventory(product),
  tracksInventory: () => true,
  hasOnlyDefaultVariant: (product) => product.variants.length === 1 && product.variants[0].title === "Default Title",
  hasOutOfStockVariants: (product) => product.variants.some((variant) => variant.inventoryQuantity <= 0),
  priceRangeV2: (product, _args, { fixtures }) => {
    const prices = product.variants.map((variant) => toCents(variant.price));
    return {
      minVariantPrice: moneyV2(Math.min(...prices), fixtures.shop.currencyCode),
      maxVariantPrice: moneyV2(Math.max(...prices), fixtures.shop.currencyCode),
    };
  },
  variants: (product, args) => {
    const variants = args.reverse ? [...product.variants].reverse() : product.variants;
    return paginate(variants, args, (variant) => variant.id);
  },
  variantsCount: (product) => ({ count: product.variants.length, precision: "EXACT" }),
  publishedAt: (product) => (product.status === "ACTIVE" ? product.createdAt : null),
  onlineStoreUrl: (product, _args, { fixtures }) =>
    product.status === "ACTIVE" ? `https://${fixtures.shop.primaryDomainHost}/products/${product.handle}` : null,
};

function productOf(variant: VariantFixture, context: StandInContext): ProductFixture {
  const entry = context.index.variantById.get(variant.id);
  if (!entry) throw new Error(`fixtures: variant ${variant.id} belongs to no product`);
  return entry.product;
}

const ProductVariant: TypeResolvers<VariantFixture> = {
  id: (variant) => gid("ProductVariant", variant.id),
  legacyResourceId: (variant) => String(variant.id),
  displayName: (variant, _args, context) => `${productOf(variant, context).title} - ${variant.title}`,
  compareAtPrice: (variant) => variant.compareAtPrice ?? null,
  inventoryPolicy: (variant) => variant.inventoryPolicy ?? "DENY",
  // Sellable when the product is live and stock remains or backorders are on.
  availableForSale: (variant, _args, context) =>
    productOf(variant, context).status === "ACTIVE" && (variant.inventoryQuantity > 0 || variant.inventoryPolicy === "CONTINUE"),
  product: (variant, _args, context) => productOf(variant, context),
};

function addressView(address: AddressFixture, person?: { firstName: string; lastName: string; phone: string | null }) {
  const area = `${address.city} ${address.provinceCode} ${address.zip}`;
  return {
    ...address,
    firstName: person?.firstName ?? null,
    lastName: person?.lastName ?? null,
    name: person ? `${person.firstName} ${person.lastName}` : null,
    phone: person?.phone ?? null,
    company: null,
    formatted: [address.address1, address.address2, area, address.country].filter((line) => line !== null),
    formattedArea: `${address.city} ${address.provinceCode}, ${address.country}`,
  };
}

function customerAddress(customer: CustomerFixture) {
  if (!customer.defaultAddress) return null;
  return { ...addressView(customer.defaultAddress, customer), id: `${gid("MailingAddress", customer.id)}?model_name=CustomerAddress` };
}

const Customer: TypeResolvers<CustomerFixture> = {
  id: (customer) => gid("Customer", customer.id),
  legacyResourceId: (customer) => String(customer.id),
  displayName: (customer) => `${customer.firstName} ${customer.lastName}`,
  defaultPhoneNumber: (customer) => (customer.phone ? { phoneNumber: customer.phone } : null),
  defaultEmailAddress: (customer) => (customer.email ? { emailAddress: customer.email } : null),
  defaultAddress: customerAddress,
  updatedAt: (customer) => customer.createdAt,
  numberOfOrders: (customer, _args, { index }) => String(index.ordersByCustomerId.get(customer.id)?.length ?? 0),
  amountSpent: (customer, _args, { index, fixtures }) =>
    moneyV2(
      (index.ordersByCustomerId.get(customer.id) ?? []).filter((order) => order.cancelledAt === null).reduce((sum, order) => sum + orderTotalCents(order), 0),
      fixtures.shop.currencyCode,
    ),
  orders: (customer, args, context, info) => listOrders(context.index.ordersByCustomerId.get(customer.id) ?? [], args, context, info),
  lastOrder: (customer, _args, { index }) =>
    [...(index.ordersByCustomerId.get(customer.id) ?? [])].sort((a, b) => a.processedAt.localeCompare(b.processedAt)).at(-1) ?? null,
};

const Order: TypeResolvers<OrderFixture> = {
  id: (order) => gid("Order", order.id),
  legacyResourceId: (order) => String(order.id),
  number: (order) => Number(order.name.replace(/\D/g, "")),
  createdAt: (order) => order.processedAt,
  updatedAt: orderUpdatedAt,
  closed: () => false,
  currencyCode: (_order, _args, { fixtures }) => fixtures.shop.currencyCode,
  presentmentCurrencyCode: (_order, _args, { fixtures }) => fixtures.shop.currencyCode,
  totalPriceSet: (order, _args, { fixtures }) => moneyBag(orderTotalCents(order), fixtures.shop.currencyCode),
  subtotalPriceSet: (order, _args, { fixtures }) => moneyBag(orderSubtotalCents(order), fixtures.shop.currencyCode),
  totalShippingPriceSet: (order, _args, { fixtures }) => moneyBag(toCents(order.shippingPrice), fixtures.shop.currencyCode),
  subtotalLineItemsQuantity: (order) => order.lineItems.reduce((sum, item) => sum + item.quantity, 0),
  lineItems: (order, args) => {
    const items = args.reverse ? [...order.lineItems].reverse() : order.lineItems;
    return paginate(items, args, (item) => item.id);
  },
  fulfillments: (order, { first }) => (first == null ? order.fulfillments : order.fulfillments.slice(0, first)),
  customer: (order, _args, { index }) => (order.customerId === null ? null : (index.customerById.get(order.customerId) ?? null)),
  shippingAddress: (order, _args, { index }) => {
    const customer = order.customerId === null ? undefined : index.customerById.get(order.customerId);
    return customer ? customerAddress(customer) : null;
  },
};

const LineItem: TypeResolvers<LineItemFixture> = {
  id: (item) => gid("LineItem", item.id),
  name: (item) => (item.variantTitle ? `${item.title} - ${item.variantTitle}` : item.title),
  currentQuantity: (item) => item.quantity,
  originalUnitPriceSet: (item, _args, { fixtures }) => moneyBag(toCents(item.unitPrice), fixtures.shop.currencyCode),
  originalTotalSet: (item, _args, { fixtures }) => moneyBag(item.quantity * toCents(item.unitPrice), fixtures.shop.currencyCode),
  product: (item, _args, { index }) => (item.productId === null ? null : (index.productById.get(item.productId) ?? null)),
  variant: (item, _args, { index }) => (item.variantId === null ? null : (index.variantById.get(item.variantId)?.variant ?? null)),
  vendor: (item, _args, { index }) => (item.productId === null ? null : (index.productById.get(item.productId)?.vendor ?? null)),
};

const Fulfillment: TypeResolvers<FulfillmentFixture> = {
  id: (fulfillment) => gid("Fulfillment", fulfillment.id),
  status: () => "SUCCESS",
  updatedAt: (fulfillment) => fulfillment.deliveredAt ?? fulfillment.createdAt,
  trackingInfo: (fulfillment, { first }) => (first == null ? fulfillment.trackingInfo : fulfillment.trackingInfo.slice(0, first)),
};

const RESOLVERS: Record<string, TypeResolvers<never>> = {
  QueryRoot,
  // Their arguments have other shapes than FieldArgs; graphql-js validated
  // and coerced them against the schema before any resolver runs.
  Mutation: { ...MetafieldMutations, ...ShopPolicyMutations } as unknown as TypeResolvers<never>,
  AppInstallation: AppInstallation as unknown as TypeResolvers<never>,
  Shop,
  Product,
  ProductVariant,
  Customer,
  Order,
  LineItem,
  Fulfillment,
};
