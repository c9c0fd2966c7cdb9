// order_lookup: finds an order by its number, or the caller's orders by
// their caller ID, and shares status, items and tracking ONLY after the
// caller gives a knowledge factor on the order (its email or postal code).
// Caller ID alone is trivially spoofed: it can at most tell that an order
// exists. Addresses are never read out. Wrong factors are capped per shop
// and order and per shop and caller number (verification-attempts.server.ts);
// past the cap, lookups are refused and the call is flagged for the merchant.
// The rules are tabled in the README ("Verifying callers").
//
// Shopify's search is never trusted to have filtered: a search field it does
// not know is ignored (orders have no `phone` field, so "phone:..." returns
// every order), so every order and customer found is checked again here.
import type { Shop } from "@prisma/client";
import type { ToolContext, ToolHandler } from "./answer-tool-calls.server";
import { queryAdmin } from "./admin-client.server";
import { formatDate, joinWords } from "./speech";
import { normalizeEmail, normalizePostalCode, orderNumberOf, sameEmail, samePostalCode, toE164 } from "./verification";
import {
  beginVerificationAttempt,
  isVerificationLocked,
  keepVerificationFailure,
  withdrawVerificationAttempt,
  type VerificationAttempt,
  type VerificationSubject,
} from "./verification-attempts.server";
import { flagVerificationLock } from "../../calls/call-records.server";
import { recordVerifiedCaller } from "../../calls/verified-caller.server";
import { sanitizeMerchantText } from "../system-prompt";

const MAX_SPOKEN_ITEMS = 5;
const MAX_LISTED_ORDERS = 3;

// Reused by both queries, so both paths describe and verify orders alike.
const ORDER_FIELDS = `#graphql
  fragment ReceptionistOrder on Order {
    id
    name
    processedAt
    cancelledAt
    displayFinancialStatus
    displayFulfillmentStatus
    email
    lineItems(first: 10) { nodes { title quantity } }
    fulfillments(first: 3) { displayStatus estimatedDeliveryAt deliveredAt trackingInfo(first: 2) { company number url } }
    shippingAddress { zip }
    customer { id displayName defaultPhoneNumber { phoneNumber } defaultEmailAddress { emailAddress } }
  }`;

const ORDER_BY_NUMBER_QUERY = `#graphql
  query ReceptionistOrderByNumber($query: String!) {
    orders(first: 5, query: $query, sortKey: PROCESSED_AT, reverse: true) {
      nodes { ...ReceptionistOrder }
    }
  }
  ${ORDER_FIELDS}`;

// Orders have no phone search field: find the customer, then their orders.
const CUSTOMER_ORDERS_QUERY = `#graphql
  query ReceptionistCustomerOrders($query: String!) {
    customers(first: 3, query: $query) {
      nodes {
        defaultPhoneNumber { phoneNumber }
        orders(first: 3, sortKey: PROCESSED_AT, reverse: true) { nodes { ...ReceptionistOrder } }
      }
    }
  }
  ${ORDER_FIELDS}`;

interface OrderNode {
  name: string;
  processedAt: string;
  cancelledAt: string | null;
  displayFinancialStatus: string | null;
  displayFulfillmentStatus: string;
  email: string | null;
  lineItems: { nodes: Array<{ title: string; quantity: number }> };
  fulfillments: Array<{
    displayStatus: string | null;
    estimatedDeliveryAt: string | null;
    deliveredAt: string | null;
    trackingInfo: Array<{ company: string | null; number: string | null; url: string | null }>;
  }>;
  shippingAddress: { zip: string | null } | null;
  customer: {
    defaultPhoneNumber: { phoneNumber: string | null } | null;
    defaultEmailAddress: { emailAddress: string | null } | null;
  } | null;
}

interface Claims {
  email: string | null;
  postalCode: string | null;
}

/** Which checks Shopify lets the app make (protected customer data may be withheld). */
interface Checks {
  phone: boolean;
  email: boolean;
  postalCode: boolean;
}

const OFFER_HELP = "or offer to take a message for the team";

const LOCKED =
  "Order lookups are paused for this caller after too many details that did not match. Apologise, do not share anything about any order " +
  "and do not try to verify again; offer to take a message for the team or to transfer the caller.";

/** More checks of this order or caller are running at once than the cap allows, still after waiting their turn. */
const BUSY = `The order cannot be checked right now. Do not try again during this call; ${OFFER_HELP} or to transfer the caller.`;

export const lookupOrder: ToolHandler = async (args, context) => {
  const claims: Claims = { email: normalizeEmail(args.email), postalCode: normalizePostalCode(args.postalCode) };
  const caller = toE164(context.callerNumber);
  const number = orderNumberOf(args.orderNumber);
  if (!number && typeof args.orderNumber === "string" && args.orderNumber.trim() !== "") {
    return "That is not an order number. Ask the caller to read the order number again; it is in their order confirmation email, for example 1001.";
  }
  if (!number && !caller) return "Ask the caller for their order number; it is in their order confirmation email, for example 1001.";

  const subject: VerificationSubject = { orderNumber: number, callerNumber: caller, callId: context.callId };
  const lookup = (attempt: Attempt | null) =>
    number ? lookupByNumber(context, number, subject, claims, attempt) : lookupByCaller(context, subject, claims, attempt);
  if (claims.email === null && claims.postalCode === null) {
    // Nothing to test: only whether the order exists can be told.
    if (await isVerificationLocked(context.shop.id, subject)) return refuseLocked(context, caller);
    return lookup(null);
  }
  // A factor to test is counted first (verification-attempts.server.ts), so guesses sent together cannot all be tried.
  const attempt: Attempt = { ...(await beginVerificationAttempt(context.shop.id, subject, context)), wrong: false };
  try {
    if (attempt.state === "locked") return await refuseLocked(context, caller);
    if (attempt.state === "busy") return BUSY;
    return await lookup(attempt);
  } finally {
    if (!attempt.wrong) await withdrawVerificationAttempt(attempt);
  }
};

/** A counted factor (given exactly when the caller claimed an email or postal code), and whether it turned out wrong (then it stays counted). */
type Attempt = VerificationAttempt & { wrong: boolean };

async function refuseLocked(context: ToolContext, caller: string | null): Promise<string> {
  await flagVerificationLock(context.shop, context.callId, caller);
  return LOCKED;
}

/** A wrong factor: it stays counted, and once that reaches the cap the lookup is refused. */
async function wrongFactor(context: ToolContext, attempt: Attempt, answer: string): Promise<string> {
  attempt.wrong = true;
  await keepVerificationFailure(attempt);
  const locked = await isVerificationLocked(context.shop.id, attempt.subject);
  return locked ? refuseLocked(context, attempt.subject.callerNumber) : answer;
}

async function lookupByNumber(context: ToolContext, number: string, subject: VerificationSubject, claims: Claims, attempt: Attempt | null): Promise<string> {
  const { data, withheld } = await queryAdmin<{ orders: { nodes: OrderNode[] } }>(context.shop, ORDER_BY_NUMBER_QUERY, {
    query: `name:#${number}`,
  });
  const order = data.orders.nodes.find((candidate) => orderNumberOf(candidate.name) === number);
  if (!order) {
    const answer = `There is no order number ${number}. Ask the caller to check the number in their order confirmation email, ${OFFER_HELP}.`;
    // A factor given with a made-up number is a guess too (it counts against the caller, and the number).
    return attempt ? wrongFactor(context, attempt, answer) : answer;
  }

  const checks = checksAllowed(withheld);
  if (factorMatches(order, claims, checks)) {
    await recordVerifiedCaller(context.shop, context.callId, subject.callerNumber, order);
    return `The caller is verified. ${describeOrder(order, context.shop)}`;
  }

  const label = orderLabel(order);
  const ask = verificationAsk(checks);
  if (!ask) {
    return `Order ${label} exists, but its details can only be shared with a verified caller, and the caller cannot be verified right now. Do not share anything about it; ${OFFER_HELP} or to transfer the caller.`;
  }
  if (attempt && !checksAny(claims, checks))
    return `${untestable(claims)} Ask for ${ask} instead, ${OFFER_HELP}. Do not share anything about order ${label} until then.`;
  if (attempt) {
    return wrongFactor(
      context,
      attempt,
      `The details the caller gave do not match order ${label}. Do not share anything about it or say which detail is wrong. Ask the caller to check ${ask}, ${OFFER_HELP}.`,
    );
  }
  return `Order ${label} exists, but its details can only be shared after verifying the caller. Ask for ${ask}, ${OFFER_HELP}.`;
}

/**
 * The caller's orders, found by caller ID: without a factor only their
 * existence (not even their numbers); with one, the most recent order it
 * matches.
 */
async function lookupByCaller(context: ToolContext, subject: VerificationSubject, claims: Claims, attempt: Attempt | null): Promise<string> {
  const caller = subject.callerNumber!;
  const { data, withheld } = await queryAdmin<{
    customers: { nodes: Array<{ defaultPhoneNumber: { phoneNumber: string | null } | null; orders: { nodes: OrderNode[] } }> };
  }>(context.shop, CUSTOMER_ORDERS_QUERY, { query: `phone:"${caller}"` });

  const checks = checksAllowed(withheld);
  if (!checks.phone) {
    return `The caller's phone number cannot be matched to orders right now. Ask for the order number and the postal code on the order, ${OFFER_HELP}.`;
  }
  const orders = data.customers.nodes
    .filter((customer) => toE164(customer.defaultPhoneNumber?.phoneNumber) === caller)
    .flatMap((customer) => customer.orders.nodes)
    .sort((a, b) => Date.parse(b.processedAt) - Date.parse(a.processedAt));
  if (orders.length === 0) {
    return `No orders were found for the number the caller is calling from. Ask for the order number, ${OFFER_HELP}.`;
  }

  const ask = verificationAsk(checks);
  const verified = attempt ? orders.find((order) => factorMatches(order, claims, checks)) : undefined;
  if (verified) {
    await recordVerifiedCaller(context.shop, context.callId, caller, verified);
    // Orders the same factor verifies are listed briefly ("where are my orders"); the rest only exist.
    const alsoVerified = orders.filter((order) => order !== verified && factorMatches(order, claims, checks)).slice(0, MAX_LISTED_ORDERS);
    const listed = alsoVerified.length > 0 ? ` Their other orders: ${alsoVerified.map((order) => briefOrder(order, context.shop)).join("; ")}.` : "";
    const unlisted = orders.some((order) => order !== verified && !alsoVerified.includes(order))
      ? " The caller has other orders too; offer to check one of those by its number."
      : "";
    return `The caller is verified. ${describeOrder(verified, context.shop)}${listed}${unlisted}`;
  }
  if (!ask) {
    return `There is an order for the number the caller is calling from, but the caller cannot be verified right now. Do not share anything about it; ${OFFER_HELP} or to transfer the caller.`;
  }
  const exists =
    "There is an order for the number the caller is calling from, but a phone number alone does not verify the caller. " +
    `Do not share anything about it, not even its number.`;
  if (attempt && !checksAny(claims, checks)) return `${exists} ${untestable(claims)} Ask for ${ask} instead, ${OFFER_HELP}.`;
  if (attempt) return wrongFactor(context, attempt, `${exists} The details the caller gave do not match; ask them to check ${ask}, ${OFFER_HELP}.`);
  return `${exists} Ask for ${ask} (and the order number if they have it), ${OFFER_HELP}.`;
}

/**
 * Whether Shopify lets the app check any factor the caller gave. One it cannot check is no guess: it is not
 * counted against the caller (the attempt is withdrawn) and not called wrong; the caller is asked for the other.
 */
function checksAny(claims: Claims, checks: Checks): boolean {
  return (claims.email !== null && checks.email) || (claims.postalCode !== null && checks.postalCode);
}

function untestable(claims: Claims): string {
  const given =
    claims.email !== null && claims.postalCode !== null ? "The email address and postal code" : claims.email !== null ? "The email address" : "The postal code";
  return `${given} cannot be checked right now (the details were not wrong).`;
}

/** The caller knows the order's email or its postal code (when Shopify lets the app check it). */
function factorMatches(order: OrderNode, claims: Claims, checks: Checks): boolean {
  return (checks.email && emailMatches(order, claims)) || (checks.postalCode && postalCodeMatches(order, claims));
}

function checksAllowed(withheld: ReadonlySet<string>): Checks {
  return {
    phone: !withheld.has("phoneNumber"),
    email: !withheld.has("emailAddress") && !withheld.has("email"),
    postalCode: !withheld.has("zip"),
  };
}

function verificationAsk(checks: Checks): string | null {
  if (checks.email && checks.postalCode) return "the email address or the postal code on the order";
  if (checks.postalCode) return "the postal code on the order";
  if (checks.email) return "the email address on the order";
  return null;
}

/** The order's own email (guest checkouts have only this) or its customer's. */
function emailMatches(order: OrderNode, { email }: Claims): boolean {
  return email !== null && (sameEmail(email, order.email) || sameEmail(email, order.customer?.defaultEmailAddress?.emailAddress));
}

function postalCodeMatches(order: OrderNode, { postalCode }: Claims): boolean {
  return postalCode !== null && samePostalCode(postalCode, order.shippingAddress?.zip);
}

const FINANCIAL: Record<string, string> = {
  AUTHORIZED: "authorized for payment",
  EXPIRED: "unpaid, its payment authorization expired",
  PAID: "paid",
  PARTIALLY_PAID: "partially paid",
  PARTIALLY_REFUNDED: "partially refunded",
  PENDING: "awaiting payment",
  REFUNDED: "refunded",
  VOIDED: "voided",
};

const FULFILLMENT: Record<string, string> = {
  FULFILLED: "shipped",
  IN_PROGRESS: "being prepared",
  ON_HOLD: "on hold",
  OPEN: "not shipped yet",
  PARTIALLY_FULFILLED: "partly shipped",
  PENDING_FULFILLMENT: "waiting to be shipped",
  REQUEST_DECLINED: "not shipped yet",
  RESTOCKED: "restocked",
  SCHEDULED: "scheduled to ship",
  UNFULFILLED: "not shipped yet",
};

/** Where a shipment is, when the carrier has told Shopify. */
const SHIPMENT: Record<string, string> = {
  ATTEMPTED_DELIVERY: "delivery attempted",
  DELAYED: "delayed",
  DELIVERED: "delivered",
  FAILURE: "delivery failed",
  IN_TRANSIT: "in transit",
  NOT_DELIVERED: "not delivered",
  OUT_FOR_DELIVERY: "out for delivery",
  PICKED_UP: "picked up",
  READY_FOR_PICKUP: "ready for pickup",
};

/** For a verified caller only: status, items and tracking, in two sentences. */
function describeOrder(order: OrderNode, shop: Pick<Shop, "timezone">): string {
  const placed = formatDate(order.processedAt, shop.timezone);
  const payment = order.displayFinancialStatus ? (FINANCIAL[order.displayFinancialStatus] ?? spoken(order.displayFinancialStatus)) : null;
  const status = order.cancelledAt
    ? `was cancelled on ${formatDate(order.cancelledAt, shop.timezone)}${payment ? `, ${payment}` : ""}`
    : `is ${joinWords([payment, FULFILLMENT[order.displayFulfillmentStatus] ?? spoken(order.displayFulfillmentStatus)].filter((part): part is string => part !== null))}`;
  return `Order ${orderLabel(order)}, placed ${placed}, ${status}, with ${items(order)}. ${tracking(order, shop)}`;
}

/** "#1004, placed October 28, 2026, shipped, expected November 1, 2026": for listing a verified caller's other orders. */
function briefOrder(order: OrderNode, shop: Pick<Shop, "timezone">): string {
  const status = order.cancelledAt ? "cancelled" : (FULFILLMENT[order.displayFulfillmentStatus] ?? spoken(order.displayFulfillmentStatus));
  const delivery = deliveryOf(order.fulfillments[0], shop);
  return `${orderLabel(order)}, placed ${formatDate(order.processedAt, shop.timezone)}, ${status}${delivery ? `, ${delivery}` : ""}`;
}

/** "delivered on October 2, 2026" or "expected to arrive November 1, 2026", where Shopify has the date. */
function deliveryOf(fulfillment: OrderNode["fulfillments"][number] | undefined, shop: Pick<Shop, "timezone">): string | null {
  if (!fulfillment) return null;
  if (fulfillment.deliveredAt) return `delivered on ${formatDate(fulfillment.deliveredAt, shop.timezone)}`;
  if (fulfillment.estimatedDeliveryAt) return `expected to arrive ${formatDate(fulfillment.estimatedDeliveryAt, shop.timezone)}`;
  return null;
}

function items(order: OrderNode): string {
  const lines = order.lineItems.nodes.map((item) => `${item.quantity} ${sanitizeMerchantText(item.title, 80)}`);
  if (lines.length === 0) return "no items";
  if (lines.length <= MAX_SPOKEN_ITEMS) return joinWords(lines);
  return `${lines.slice(0, MAX_SPOKEN_ITEMS).join(", ")} and ${lines.length - MAX_SPOKEN_ITEMS} more items`;
}

/** Carrier, tracking number, where it is, when it arrives (or arrived) and the tracking link, per shipment. */
function tracking(order: OrderNode, shop: Pick<Shop, "timezone">): string {
  const shipments = order.fulfillments.flatMap((fulfillment) => {
    const where = fulfillment.displayStatus ? SHIPMENT[fulfillment.displayStatus] : undefined;
    const delivery = fulfillment.deliveredAt ? null : deliveryOf(fulfillment, shop);
    return fulfillment.trackingInfo
      .filter((info) => info.number)
      .map((info) => {
        const carrier = info.company ? `${sanitizeMerchantText(info.company, 40)} ` : "";
        const link = info.url ? ` (tracking link ${sanitizeMerchantText(info.url, 200)})` : "";
        return `${carrier}tracking number ${sanitizeMerchantText(info.number!, 60)}${where ? `, ${where}` : ""}${delivery ? `, ${delivery}` : ""}${link}`;
      });
  });
  return shipments.length > 0
    ? `Tracking: ${shipments.join("; ")}. Offer the tracking link by text only if asked; it is also in the shipping confirmation email.`
    : "There is no tracking number yet.";
}

/** "#1001" as the shop names it. */
function orderLabel(order: Pick<OrderNode, "name">): string {
  return sanitizeMerchantText(order.name, 30);
}

/** An enum value Shopify added after this code was written: "LABEL_PRINTED" -> "label printed". */
function spoken(value: string): string {
  return value.toLowerCase().replace(/_/g, " ");
}
