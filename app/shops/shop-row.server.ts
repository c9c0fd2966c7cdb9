// The "Shop" row in hand-written SQL, for provisioning's lease and fenced
// writes: each is one statement on the hot-path pool, where through Prisma's
// query compiler each cost a few milliseconds of the merchant's wait on the
// setup (tests/bench/provision.bench.ts). The row comes back as Prisma reads
// it (shop-row.test.ts compares the two).
import { Prisma, type Shop } from "@prisma/client";

const SHOP_FIELDS = Prisma.dmmf.datamodel.models.find((model) => model.name === "Shop")!.fields.filter((field) => field.kind !== "object");
const SHOP_COLUMNS = new Set(SHOP_FIELDS.map((field) => field.name));

/**
 * Every column of the row, for RETURNING: the timestamps are stored as UTC
 * without a zone (as Prisma writes them) and read as instants.
 */
export const SHOP_ROW = SHOP_FIELDS.map((field) =>
  field.type === "DateTime" ? `"${field.name}" AT TIME ZONE 'UTC' AS "${field.name}"` : `"${field.name}"`,
).join(", ");

/** Values to write, by column, as plain values (Prisma's update operations are not supported). */
export type ShopValues = { [Column in Exclude<keyof Shop, "id" | "updatedAt">]?: Shop[Column] };

/**
 * The SET list writing `data`, with updatedAt moved as Prisma's @updatedAt
 * moves it; the values are appended to `values` (placeholders follow those
 * already there). A timestamp is sent as its UTC ISO text, which a column
 * without a zone stores as the UTC wall time, as Prisma does; a value given
 * as undefined is left as it is, as Prisma leaves it. Column names come from
 * the schema, never from the caller's keys as written.
 */
export function shopAssignments(data: ShopValues, values: unknown[]): string {
  return Object.entries({ ...data, updatedAt: new Date() })
    .filter(([, value]) => value !== undefined) // as Prisma leaves a field given as undefined
    .map(([column, value]) => {
      if (!SHOP_COLUMNS.has(column) || column === "id") throw new Error(`"Shop" has no writable column ${JSON.stringify(column)}`);
      values.push(value instanceof Date ? value.toISOString() : value);
      return `"${column}" = $${values.length}`;
    })
    .join(", ");
}
