// Prisma CLI configuration (migrate, generate). The CLI uses the JS/WASM
// schema engine through the pg driver adapter, so nothing is downloaded.
import path from "node:path";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { parseIntoClientConfig } from "pg-connection-string";
import { defineConfig } from "prisma/config";

// The WASM schema engine introspects pg catalog columns of type `name` (oid
// 19) and `"char"` (oid 18), which adapter-pg cannot deserialize
// (prisma/orm#27403). Report them as text; this patch lives in the CLI
// config only, never in the app's runtime.
const TEXT_OID = 25;
// addFields is internal to pg (not in its types).
const resultPrototype = pg.Result.prototype as unknown as { addFields(fields: pg.FieldDef[]): void };
const addFields = resultPrototype.addFields;
resultPrototype.addFields = function (fieldDescriptions) {
  for (const field of fieldDescriptions) {
    if (field.dataTypeID === 18 || field.dataTypeID === 19) field.dataTypeID = TEXT_OID;
  }
  return addFields.call(this, fieldDescriptions);
};

// Fail loudly instead of silently falling back to native engines, which
// cannot be downloaded here.
const noNativeEngine = path.resolve("prisma/no-native-engine.sh");
process.env.PRISMA_SCHEMA_ENGINE_BINARY ??= noNativeEngine;
process.env.PRISMA_QUERY_ENGINE_LIBRARY ??= noNativeEngine;
process.env.CHECKPOINT_DISABLE ??= "1";

export default defineConfig({
  schema: "prisma/schema.prisma",
  experimental: { adapter: true },
  engine: "js",
  async adapter() {
    const url = process.env.DATABASE_URL;
    if (!url) throw new Error("DATABASE_URL is not set: the Prisma CLI needs a PostgreSQL URL (postgresql://user:password@host:5432/db).");
    // The URL whole (sslmode, sslrootcert, socket paths in ?host=, options,
    // application_name), parsed exactly as pg parses it at runtime, but as
    // discrete fields, not a connectionString: pg lets a connection string
    // override the other fields, and `migrate dev` sets the shadow
    // database's name through `database` (P3006 otherwise).
    return new PrismaPg(parseIntoClientConfig(url));
  },
});
