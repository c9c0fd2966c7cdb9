// The Shopify search-syntax subset: parsing, leniency, and matching rules.
import { describe, expect, it } from "vitest";
import { filterBySearch, parseSearchQuery, type SearchField, type SearchSpec } from "./search-query";

describe("parseSearchQuery", () => {
  it("parses fields, comparators, quotes, negation, OR and parentheses", () => {
    expect(parseSearchQuery('title:*shirt* -tag:sale NOT vendor:"Harbor & Pine" (name:>=1005 OR phone:"+1 \\"x\\"")')).toEqual({
      kind: "and",
      children: [
        { kind: "term", field: "title", comparator: ":", value: "*shirt*" },
        { kind: "not", child: { kind: "term", field: "tag", comparator: ":", value: "sale" } },
        { kind: "not", child: { kind: "term", field: "vendor", comparator: ":", value: "Harbor & Pine" } },
        {
          kind: "or",
          children: [
            { kind: "term", field: "name", comparator: ":>=", value: "1005" },
            { kind: "term", field: "phone", comparator: ":", value: '+1 "x"' },
          ],
        },
      ],
    });
  });

  it("binds implicit AND tighter than OR", () => {
    expect(parseSearchQuery("a OR b c")).toEqual({
      kind: "or",
      children: [
        { kind: "term", field: null, comparator: ":", value: "a" },
        {
          kind: "and",
          children: [
            { kind: "term", field: null, comparator: ":", value: "b" },
            { kind: "term", field: null, comparator: ":", value: "c" },
          ],
        },
      ],
    });
  });

  it("never fails: unbalanced quotes and parentheses, stray tokens, empty input", () => {
    expect(parseSearchQuery("(title:shirt")).toEqual({ kind: "term", field: "title", comparator: ":", value: "shirt" });
    expect(parseSearchQuery('"unterminated phrase')).toEqual({ kind: "term", field: null, comparator: ":", value: "unterminated phrase" });
    expect(parseSearchQuery("shirt ) OR")).toEqual({ kind: "term", field: null, comparator: ":", value: "shirt" });
    expect(parseSearchQuery("   ")).toBeNull();
  });
});

interface Person {
  name: string;
  phone: string | null;
  tags: string[];
  orders: number;
  since: string;
}

const fields: Record<string, SearchField<Person>> = {
  name: { kind: "text", values: (p) => [p.name] },
  phone: { kind: "phone", values: (p) => [p.phone] },
  tag: { kind: "keyword", values: (p) => p.tags },
  orders_count: { kind: "number", values: (p) => [p.orders] },
  created_at: { kind: "date", values: (p) => [p.since] },
};
const spec: SearchSpec<Person> = { fields, freeText: [fields.name, fields.tag] };

const people: Person[] = [
  { name: "Emma Johnson-Smith", phone: "+16175550101", tags: ["vip"], orders: 3, since: "2026-04-12T18:22:00Z" },
  { name: "Liam Chen", phone: "+12125550102", tags: [], orders: 2, since: "2026-05-03T13:05:00Z" },
  { name: "Ava Patel", phone: null, tags: ["wholesale", "vip"], orders: 0, since: "2026-08-21T17:55:00Z" },
];
const names = (query: string) => filterBySearch(people, query, spec).items.map((person) => person.name);

describe("filterBySearch", () => {
  it("matches text by word prefix and keywords exactly, case-insensitively", () => {
    expect(names("name:smith")).toEqual(["Emma Johnson-Smith"]);
    expect(names("name:chen")).toEqual(["Liam Chen"]);
    expect(names("name:hen")).toEqual([]);
    expect(names("tag:VIP")).toEqual(["Emma Johnson-Smith", "Ava Patel"]);
    expect(names("tag:vi")).toEqual([]);
    expect(names("tag:vi*")).toEqual(["Emma Johnson-Smith", "Ava Patel"]);
  });

  it("compares phone numbers by digits", () => {
    expect(names('phone:"+16175550101"')).toEqual(["Emma Johnson-Smith"]);
    expect(names('phone:"+1 (617) 555-0101"')).toEqual(["Emma Johnson-Smith"]);
    expect(names("phone:6175550101")).toEqual(["Emma Johnson-Smith"]);
    expect(names("phone:0101")).toEqual([]);
  });

  it("supports comparators, comma lists, NOT, OR and free text", () => {
    expect(names("orders_count:>=2")).toEqual(["Emma Johnson-Smith", "Liam Chen"]);
    expect(names("created_at:<2026-05-01")).toEqual(["Emma Johnson-Smith"]);
    expect(names("created_at:2026-05-03")).toEqual(["Liam Chen"]);
    expect(names("tag:wholesale,vip -name:emma")).toEqual(["Ava Patel"]);
    expect(names("liam OR wholesale")).toEqual(["Liam Chen", "Ava Patel"]);
  });

  it("ignores unknown fields with a warning instead of filtering", () => {
    const result = filterBySearch(people, "email:emma@example.com -colour:red name:liam", spec);
    expect(result.items.map((person) => person.name)).toEqual(["Liam Chen"]);
    expect(result.warnings).toEqual([
      { field: "email", message: "Invalid search field for this query." },
      { field: "colour", message: "Invalid search field for this query." },
    ]);
  });
});
