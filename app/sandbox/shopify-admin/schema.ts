// The real Shopify Admin GraphQL schema, offline.
//
// admin-2026-07.schema.json.gz is dist/data/admin_2026-07.json.gz from
// Shopify's npm package @shopify/dev-mcp@1.16.0 (ISC license, Copyright
// Shopify Inc.), copied unchanged: an introspection result, gzipped.
// Refresh it with `npm pack @shopify/dev-mcp@<version>` and extracting that
// one file. Loading takes ~0.1-0.3 s, so it is done once per process.
import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { buildClientSchema, type GraphQLSchema, type IntrospectionQuery } from "graphql";

export const ADMIN_API_VERSION = "2026-07";

/** Categories of protected customer data, as the schema labels fields. */
export type ProtectedCustomerData = "name" | "email" | "phone" | "address";

export interface AdminSchema {
  schema: GraphQLSchema;
  /**
   * "Type.field" -> category, for fields Shopify only returns to apps approved
   * for protected customer data (Customer.firstName -> "name", ...). Shopify
   * adds isProtected/protectedContent to its introspection; buildClientSchema
   * drops unknown keys, so they are read from the raw JSON here.
   */
  protectedFields: ReadonlyMap<string, ProtectedCustomerData>;
}

interface ShopifyIntrospectionField {
  name: string;
  isProtected?: boolean;
  protectedContent?: string | null;
}

const SCHEMA_FILE = new URL(`./admin-${ADMIN_API_VERSION}.schema.json.gz`, import.meta.url);

let cached: AdminSchema | undefined;

export function loadAdminSchema(): AdminSchema {
  if (cached) return cached;
  const introspection = JSON.parse(gunzipSync(readFileSync(SCHEMA_FILE)).toString("utf8")) as {
    data: IntrospectionQuery;
  };
  cached = {
    schema: buildClientSchema(introspection.data),
    protectedFields: collectProtectedFields(introspection.data),
  };
  return cached;
}

function collectProtectedFields(introspection: IntrospectionQuery): Map<string, ProtectedCustomerData> {
  const protectedFields = new Map<string, ProtectedCustomerData>();
  for (const type of introspection.__schema.types) {
    if (!("fields" in type) || !type.fields) continue;
    for (const field of type.fields as readonly ShopifyIntrospectionField[]) {
      const content = field.protectedContent;
      if (field.isProtected && (content === "name" || content === "email" || content === "phone" || content === "address")) {
        protectedFields.set(`${type.name}.${field.name}`, content);
      }
    }
  }
  return protectedFields;
}
