// Scripted failures, so tests and demos can show how the app copes with a
// Shopify that is slow, down, throttling, or withholding customer data.
import type { ProtectedCustomerData } from "./schema";

export interface FaultRule {
  /** Only requests for this shop domain. */
  shop?: string;
  /** Only requests whose operation name or first top-level field is this. */
  operation?: string;
  /** Answer with this HTTP status and a Shopify-like error body (500, 502, 503, 429...). */
  status?: number;
  /** Answer 200 with Shopify's THROTTLED error, as when the cost bucket is empty. */
  throttled?: true;
  /** Answer 200 with these top-level errors and no data. */
  errors?: Array<{ message: string; extensions?: Record<string, unknown> }>;
  /** With `errors`: the query's data too, as Shopify answers a query that partly failed. */
  withData?: true;
  /**
   * Run the query but withhold protected customer data, as Shopify does for
   * an app without that approval: the fields come back null, with one
   * ACCESS_DENIED error each. `true` withholds every category.
   */
  partialData?: true | ProtectedCustomerData[];
  /** Wait this long before answering (on top of setLatency). */
  delayMs?: number;
  /** Close the connection without answering: fetch rejects. */
  dropConnection?: true;
  /** How many matching requests this rule applies to. Default 1; Infinity for all. */
  times?: number;
}

const ALL_PROTECTED: ProtectedCustomerData[] = ["name", "email", "phone", "address"];

export function withheldCategories(rule: FaultRule | undefined): Set<ProtectedCustomerData> {
  if (!rule?.partialData) return new Set();
  return new Set(rule.partialData === true ? ALL_PROTECTED : rule.partialData);
}

/** First-in, first-out: the oldest matching rule with uses left applies. */
export class FaultQueue {
  private rules: Array<{ rule: FaultRule; remaining: number }> = [];

  add(rule: FaultRule): void {
    this.rules.push({ rule, remaining: rule.times ?? 1 });
  }

  take(request: { shop: string; operationName: string | null; rootField: string | null }): FaultRule | undefined {
    const entry = this.rules.find(
      ({ rule }) =>
        (rule.shop === undefined || rule.shop === request.shop) &&
        (rule.operation === undefined || rule.operation === request.operationName || rule.operation === request.rootField),
    );
    if (!entry) return undefined;
    entry.remaining -= 1;
    if (entry.remaining <= 0) this.rules = this.rules.filter((candidate) => candidate !== entry);
    return entry.rule;
  }

  clear(): void {
    this.rules = [];
  }
}
