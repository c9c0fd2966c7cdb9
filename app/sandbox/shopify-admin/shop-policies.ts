// The shop's legal policies (Shop.shopPolicies) and the merchant's edits of
// them (shopPolicyUpdate, as the Shopify admin's policy editor makes them).
// Each shop's edits live as long as the stand-in, over its read-only
// fixtures. Shapes and userErrors follow 2026-07: a policy is
// { id, type, title, body (HTML), url, createdAt, updatedAt, translations }.
import type { ShopInfoFixture, ShopPolicyFixture } from "../fixtures/demo-shop";
import type { StandInContext } from "./context";
import { gid } from "./values";

/** Policies edited through shopPolicyUpdate, by type. */
export type PolicyStore = Map<string, ShopPolicyFixture>;

/** Shopify's limit on a policy body (ShopPolicyErrorCode TOO_BIG). */
const MAX_BODY_BYTES = 512 * 1024;

const TITLES: Record<string, string> = {
  CONTACT_INFORMATION: "Contact information",
  LEGAL_NOTICE: "Legal notice",
  PRIVACY_POLICY: "Privacy policy",
  REFUND_POLICY: "Refund policy",
  SHIPPING_POLICY: "Shipping policy",
  SUBSCRIPTION_POLICY: "Cancellation policy",
  TERMS_OF_SALE: "Terms of sale",
  TERMS_OF_SERVICE: "Terms of service",
};

const HANDLES: Record<string, string> = {
  CONTACT_INFORMATION: "contact-information",
  LEGAL_NOTICE: "legal-notice",
  PRIVACY_POLICY: "privacy-policy",
  REFUND_POLICY: "refund-policy",
  SHIPPING_POLICY: "shipping-policy",
  SUBSCRIPTION_POLICY: "subscription-policy",
  TERMS_OF_SALE: "terms-of-sale",
  TERMS_OF_SERVICE: "terms-of-service",
};

function view(shop: ShopInfoFixture, policy: ShopPolicyFixture, index: number) {
  return {
    ...policy,
    id: gid("ShopPolicy", shop.id * 10 + index),
    title: TITLES[policy.type] ?? policy.type,
    url: `https://${shop.primaryDomainHost}/policies/${HANDLES[policy.type] ?? policy.type.toLowerCase()}`,
    translations: [],
  };
}

/** Shopify lists only the policies that have a body. */
export function shopPolicies(shop: ShopInfoFixture, context: StandInContext) {
  const byType = new Map((shop.policies ?? []).map((policy) => [policy.type, policy]));
  for (const [type, policy] of context.policies) byType.set(type, policy);
  return [...byType.values()].filter((policy) => policy.body.trim() !== "").map((policy) => view(shop, policy, Object.keys(TITLES).indexOf(policy.type)));
}

function shopPolicyUpdate(_root: unknown, args: { shopPolicy: { type: string; body: string } }, context: StandInContext) {
  const { type, body } = args.shopPolicy;
  if (Buffer.byteLength(body) > MAX_BODY_BYTES) {
    return { shopPolicy: null, userErrors: [{ field: ["shopPolicy", "body"], message: "Body is too big (maximum is 512 KB)", code: "TOO_BIG" }] };
  }
  const shop = context.fixtures.shop;
  const existing = context.policies.get(type) ?? shop.policies?.find((policy) => policy.type === type);
  const now = new Date().toISOString();
  const stored: ShopPolicyFixture = { type, body, createdAt: existing?.createdAt ?? now, updatedAt: now };
  context.policies.set(type, stored);
  return { shopPolicy: view(shop, stored, Object.keys(TITLES).indexOf(type)), userErrors: [] };
}

export const ShopPolicyMutations = { shopPolicyUpdate };
