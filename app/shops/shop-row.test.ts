// shopAssignments: only the schema's columns are written, whatever the keys.
import { describe, expect, it } from "vitest";
import { shopAssignments, SHOP_ROW, type ShopValues } from "./shop-row.server";

describe("shopAssignments", () => {
  it("writes each value once, by placeholder after those already there, and moves updatedAt", () => {
    const values: unknown[] = ["shop-1"];
    const at = new Date("2026-12-04T02:30:00.123Z");
    expect(shopAssignments({ receptionistStatus: "failed", provisioningStepAt: at, lastErrorCode: null }, values)).toBe(
      `"receptionistStatus" = $2, "provisioningStepAt" = $3, "lastErrorCode" = $4, "updatedAt" = $5`,
    );
    expect(values.slice(0, 4)).toEqual(["shop-1", "failed", "2026-12-04T02:30:00.123Z", null]);
    expect(typeof values[4]).toBe("string");
  });

  it("leaves a field given as undefined as it is, as Prisma does", () => {
    const values: unknown[] = [];
    expect(shopAssignments({ assistantId: undefined, lastErrorCode: null }, values)).toBe(`"lastErrorCode" = $1, "updatedAt" = $2`);
    expect(values[0]).toBeNull();
  });

  it.each([['"; DROP TABLE "Shop"; --'], ["id"], ["callJobs"], ["receptionist_status"], [""]])("refuses the key %j", (key) => {
    expect(() => shopAssignments({ [key]: "x" } as ShopValues, [])).toThrow(/no writable column/);
  });

  it("reads every timestamp as an instant", () => {
    for (const column of ["installedAt", "uninstalledAt", "provisioningLeaseUntil", "createdAt", "updatedAt"]) {
      expect(SHOP_ROW).toContain(`"${column}" AT TIME ZONE 'UTC' AS "${column}"`);
    }
    expect(SHOP_ROW).not.toContain("callJobs");
  });
});
