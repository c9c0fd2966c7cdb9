// App-data metafields (owned by the app's installation): the only metafields
// the app writes, so the only ones the stand-in stores. Each shop's store is
// mutable, unlike its fixtures, and lives as long as the stand-in. Shapes and
// userErrors follow the 2026-07 `metafieldsSet` / `metafieldsDelete`.
import type { ShopInfoFixture } from "../fixtures/demo-shop";
import type { StandInContext } from "./context";
import { gid } from "./values";

export interface StoredMetafield {
  id: string;
  namespace: string;
  key: string;
  type: string;
  value: string;
  ownerId: string;
  createdAt: string;
  updatedAt: string;
}

/** Keyed by `namespace.key`: one owner (the app installation) per shop. */
export type MetafieldStore = Map<string, StoredMetafield>;

interface MetafieldsSetInput {
  ownerId: string;
  namespace?: string | null;
  key: string;
  type?: string | null;
  value: string;
}

interface MetafieldIdentifierInput {
  ownerId: string;
  namespace: string;
  key: string;
}

interface UserError {
  field: string[];
  message: string;
  code?: string;
  elementIndex?: number;
}

/** The types the app uses; any other is refused rather than stored unchecked. */
const SUPPORTED_TYPES = new Set(["json", "single_line_text_field"]);

let nextId = 1;

export function appInstallationId(shop: ShopInfoFixture): string {
  return gid("AppInstallation", shop.id);
}

function keyOf(namespace: string, key: string): string {
  return `${namespace}.${key}`;
}

/** Why one input would be refused, as Shopify words it; null when it is fine. */
function inputError(input: MetafieldsSetInput, index: number, context: StandInContext): UserError | null {
  const at = (field: string, message: string, code: string): UserError => ({ field: ["metafields", String(index), field], message, code, elementIndex: index });
  if (input.ownerId !== appInstallationId(context.fixtures.shop)) {
    return at("ownerId", "The stand-in only stores metafields of the current app installation.", "INVALID");
  }
  if (!input.namespace) return at("namespace", "Namespace can't be blank.", "BLANK");
  const existing = context.metafields.get(keyOf(input.namespace, input.key));
  const type = input.type ?? existing?.type;
  if (!type) return at("type", "Type can't be blank.", "BLANK");
  if (!SUPPORTED_TYPES.has(type)) return at("type", `The stand-in does not support the type ${type}.`, "INVALID_TYPE");
  if (input.value.trim() === "") return at("value", "Value can't be blank.", "BLANK");
  if (type === "json") {
    try {
      JSON.parse(input.value);
    } catch {
      return at("value", "Value is invalid JSON.", "INVALID_VALUE");
    }
  }
  return null;
}

/** All or nothing, like Shopify: one bad input and nothing is written. */
function metafieldsSet(_root: unknown, args: { metafields: MetafieldsSetInput[] }, context: StandInContext) {
  const userErrors = args.metafields.map((input, index) => inputError(input, index, context)).filter((error) => error !== null);
  if (userErrors.length > 0) return { metafields: null, userErrors };
  const now = new Date().toISOString();
  const written = args.metafields.map((input) => {
    const namespace = input.namespace!;
    const existing = context.metafields.get(keyOf(namespace, input.key));
    const stored: StoredMetafield = {
      id: existing?.id ?? gid("Metafield", nextId++),
      namespace,
      key: input.key,
      type: input.type ?? existing!.type,
      value: input.value,
      ownerId: input.ownerId,
      createdAt: existing?.createdAt ?? now,
      updatedAt: now,
    };
    context.metafields.set(keyOf(namespace, input.key), stored);
    return stored;
  });
  return { metafields: written, userErrors: [] };
}

/** A metafield that does not exist is reported as null, not as an error. */
function metafieldsDelete(_root: unknown, args: { metafields: MetafieldIdentifierInput[] }, context: StandInContext) {
  const deletedMetafields = args.metafields.map((identifier) => {
    const stored = context.metafields.get(keyOf(identifier.namespace, identifier.key));
    if (!stored || stored.ownerId !== identifier.ownerId) return null;
    context.metafields.delete(keyOf(identifier.namespace, identifier.key));
    return { ownerId: stored.ownerId, namespace: stored.namespace, key: stored.key };
  });
  return { deletedMetafields, userErrors: [] };
}

export const MetafieldMutations = { metafieldsSet, metafieldsDelete };

export const AppInstallation = {
  metafield: (_installation: unknown, args: { namespace?: string | null; key: string }, context: StandInContext) =>
    context.metafields.get(keyOf(args.namespace ?? "", args.key)) ?? null,
};
