// A subset of Shopify's search syntax (https://shopify.dev/docs/api/usage/search-syntax),
// enough for the `query` argument of products / orders / customers:
//   terms with implicit AND, `AND`, `OR`, `NOT` / `-`, parentheses,
//   `field:value`, comparators `:<` `:>` `:<=` `:>=`, quoted values,
//   `*` wildcards (`title:*shirt*`), comma lists (`status:active,draft`).
// Like Shopify, the parser never fails (unbalanced quotes/parentheses are
// closed implicitly) and a term on a field the resource does not know is
// ignored with a warning instead of filtering: `orders(query: "phone:...")`
// returns every order, which is exactly the trap the app must not fall into.

export type Comparator = ":" | ":<" | ":>" | ":<=" | ":>=";

export type SearchNode =
  | { kind: "and"; children: SearchNode[] }
  | { kind: "or"; children: SearchNode[] }
  | { kind: "not"; child: SearchNode }
  | { kind: "term"; field: string | null; comparator: Comparator; value: string };

/** Returns null for an empty query (no filtering). */
export function parseSearchQuery(query: string): SearchNode | null {
  const node = new Parser(query).parseAll();
  return node === EMPTY ? null : node;
}

const EMPTY: SearchNode = { kind: "and", children: [] };

/** Drops empty parts (a dangling "OR", a stray ":") so they cannot match everything. */
function combine(kind: "and" | "or", parts: SearchNode[]): SearchNode {
  const children = parts.filter((part) => !(part.kind === "and" && part.children.length === 0));
  if (children.length === 0) return EMPTY;
  return children.length === 1 ? children[0] : { kind, children };
}

class Parser {
  private pos = 0;

  constructor(private readonly text: string) {}

  /** The whole query; a stray ")" at the top level is skipped. */
  parseAll(): SearchNode {
    const parts = [this.parseOr()];
    while (!this.atEnd()) {
      this.pos++;
      parts.push(this.parseOr());
    }
    return combine("and", parts);
  }

  private parseOr(): SearchNode {
    const children = [this.parseAnd()];
    while (this.consumeKeyword("OR")) children.push(this.parseAnd());
    return combine("or", children);
  }

  private parseAnd(): SearchNode {
    const children: SearchNode[] = [];
    for (;;) {
      this.skipWhitespace();
      if (this.atEnd() || this.peek() === ")" || this.peekKeyword("OR")) break;
      if (this.consumeKeyword("AND")) continue;
      children.push(this.parseTerm());
    }
    return combine("and", children);
  }

  private parseTerm(): SearchNode {
    if (this.peek() === "-" && this.pos + 1 < this.text.length && !/\s/.test(this.text[this.pos + 1])) {
      this.pos++;
      return { kind: "not", child: this.parseTerm() };
    }
    if (this.consumeKeyword("NOT")) {
      this.skipWhitespace();
      return { kind: "not", child: this.parseTerm() };
    }
    if (this.peek() === "(") {
      this.pos++;
      const inner = this.parseOr();
      this.skipWhitespace();
      if (this.peek() === ")") this.pos++;
      return inner;
    }
    if (this.peek() === '"' || this.peek() === "'") {
      return { kind: "term", field: null, comparator: ":", value: this.readQuoted() };
    }
    const name = this.readName();
    if (this.peek() === ":" && name !== "") {
      const comparator = this.readComparator();
      const value = this.peek() === '"' || this.peek() === "'" ? this.readQuoted() : this.readValue();
      return { kind: "term", field: name.toLowerCase(), comparator, value };
    }
    if (name === "") {
      // A stray ":" (or ")" inside parentheses): skip it rather than loop forever.
      this.pos++;
      return EMPTY;
    }
    return { kind: "term", field: null, comparator: ":", value: name };
  }

  private readComparator(): Comparator {
    for (const comparator of [":<=", ":>=", ":<", ":>", ":"] as const) {
      if (this.text.startsWith(comparator, this.pos)) {
        this.pos += comparator.length;
        return comparator;
      }
    }
    throw new Error("unreachable: readComparator is only called on ':'");
  }

  /** A name stops at whitespace and the special characters ( ) : */
  private readName(): string {
    return this.readWhile((char) => !/[\s():]/.test(char));
  }

  /** A value may contain ':' (times, gids) and stops at whitespace or ')'. */
  private readValue(): string {
    return this.readWhile((char) => !/[\s)]/.test(char));
  }

  private readWhile(accepts: (char: string) => boolean): string {
    let out = "";
    while (!this.atEnd()) {
      const char = this.text[this.pos];
      if (char === "\\" && this.pos + 1 < this.text.length) {
        out += this.text[this.pos + 1];
        this.pos += 2;
        continue;
      }
      if (!accepts(char)) break;
      out += char;
      this.pos++;
    }
    return out;
  }

  private readQuoted(): string {
    const quote = this.text[this.pos++];
    let out = "";
    while (!this.atEnd() && this.text[this.pos] !== quote) {
      if (this.text[this.pos] === "\\" && this.pos + 1 < this.text.length) this.pos++;
      out += this.text[this.pos++];
    }
    this.pos++; // closing quote (or past the end)
    return out;
  }

  private peekKeyword(keyword: string): boolean {
    this.skipWhitespace();
    if (!this.text.startsWith(keyword, this.pos)) return false;
    const after = this.text[this.pos + keyword.length];
    return after === undefined || /\s/.test(after);
  }

  private consumeKeyword(keyword: string): boolean {
    if (!this.peekKeyword(keyword)) return false;
    this.pos += keyword.length;
    return true;
  }

  private skipWhitespace(): void {
    while (!this.atEnd() && /\s/.test(this.text[this.pos])) this.pos++;
  }

  private peek(): string | undefined {
    return this.text[this.pos];
  }

  private atEnd(): boolean {
    return this.pos >= this.text.length;
  }
}

// ---------------------------------------------------------------------------
// Matching

/**
 * How a resource exposes one search field:
 * - text: words, matched by word prefix (`title:shirt` matches "T-Shirts")
 * - keyword: whole value, case-insensitive (`status:active`, `tag:vip`)
 * - phone: compared by digits, so "+1 (617) 555-0101" = "+16175550101"
 * - number / date: support the comparators
 */
export interface SearchField<T> {
  kind: "text" | "keyword" | "phone" | "number" | "date";
  values: (item: T) => ReadonlyArray<string | number | null>;
}

export interface SearchSpec<T> {
  fields: Record<string, SearchField<T>>;
  /** What free text (a term without `field:`) is matched against. */
  freeText: Array<SearchField<T>>;
}

export interface SearchWarning {
  field: string;
  message: string;
}

export function filterBySearch<T>(items: readonly T[], query: string | null | undefined, spec: SearchSpec<T>): { items: T[]; warnings: SearchWarning[] } {
  const tree = query ? parseSearchQuery(query) : null;
  if (!tree) return { items: [...items], warnings: [] };
  const warnings = unknownFields(tree, spec).map((field) => ({
    field,
    message: "Invalid search field for this query.",
  }));
  return { items: items.filter((item) => evaluate(tree, item, spec)), warnings };
}

function unknownFields<T>(node: SearchNode, spec: SearchSpec<T>): string[] {
  switch (node.kind) {
    case "and":
    case "or":
      return [...new Set(node.children.flatMap((child) => unknownFields(child, spec)))];
    case "not":
      return unknownFields(node.child, spec);
    case "term":
      return node.field !== null && !(node.field in spec.fields) ? [node.field] : [];
  }
}

function evaluate<T>(node: SearchNode, item: T, spec: SearchSpec<T>): boolean {
  switch (node.kind) {
    case "and":
      return node.children.every((child) => evaluate(child, item, spec));
    case "or":
      return node.children.some((child) => evaluate(child, item, spec));
    case "not":
      return isIgnored(node.child, spec) || !evaluate(node.child, item, spec);
    case "term": {
      if (node.field === null) {
        return spec.freeText.some((field) => matchesField(field, item, ":", node.value));
      }
      const field = spec.fields[node.field];
      if (!field) return true; // unknown field: ignored, as Shopify does
      return node.value.split(",").some((alternative) => matchesField(field, item, node.comparator, alternative.trim()));
    }
  }
}

function isIgnored<T>(node: SearchNode, spec: SearchSpec<T>): boolean {
  return node.kind === "term" && node.field !== null && !(node.field in spec.fields);
}

function matchesField<T>(field: SearchField<T>, item: T, comparator: Comparator, pattern: string): boolean {
  return field.values(item).some((value) => value !== null && matchesValue(field.kind, value, comparator, pattern));
}

function matchesValue(kind: SearchField<unknown>["kind"], value: string | number, comparator: Comparator, pattern: string): boolean {
  if (comparator !== ":") return compare(kind, value, pattern, comparator);
  switch (kind) {
    case "number":
      return Number(value) === Number(pattern);
    case "date":
      return String(value).startsWith(pattern) || Date.parse(String(value)) === Date.parse(pattern);
    case "phone":
      return samePhone(String(value), pattern);
    case "keyword":
      return globOrEqual(String(value), pattern);
    case "text":
      return matchesText(String(value), pattern);
  }
}

function compare(kind: SearchField<unknown>["kind"], value: string | number, pattern: string, comparator: Comparator): boolean {
  let difference: number;
  if (kind === "date") {
    difference = Date.parse(String(value)) - Date.parse(pattern);
  } else {
    // Order names compare as numbers: `name:>=1005` works with "#1005".
    const left = Number(String(value).replace(/^#/, ""));
    const right = Number(pattern.replace(/^#/, ""));
    difference = Number.isNaN(left) || Number.isNaN(right) ? String(value).localeCompare(pattern) : left - right;
  }
  if (Number.isNaN(difference)) return false;
  switch (comparator) {
    case ":<":
      return difference < 0;
    case ":>":
      return difference > 0;
    case ":<=":
      return difference <= 0;
    case ":>=":
      return difference >= 0;
    case ":":
      return difference === 0;
  }
}

function globOrEqual(value: string, pattern: string): boolean {
  if (pattern.includes("*")) return globToRegExp(pattern).test(value);
  return value.toLowerCase() === pattern.toLowerCase();
}

/** Word-prefix match, or a glob against the whole value or any word. */
function matchesText(value: string, pattern: string): boolean {
  if (pattern.includes("*")) {
    const glob = globToRegExp(pattern);
    return glob.test(value) || value.split(/[^\p{L}\p{N}]+/u).some((word) => glob.test(word));
  }
  return new RegExp(`(^|[^\\p{L}\\p{N}])${escapeRegExp(pattern)}`, "iu").test(value);
}

function samePhone(value: string, pattern: string): boolean {
  const stored = value.replace(/\D/g, "");
  const wanted = pattern.replace(/\D/g, "");
  if (wanted.length < 7) return false;
  // "6175550101" finds "+16175550101": a national number without country code.
  return stored === wanted || (wanted.length >= 10 && stored.endsWith(wanted));
}

function globToRegExp(pattern: string): RegExp {
  return new RegExp(`^${pattern.split("*").map(escapeRegExp).join(".*")}$`, "i");
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
