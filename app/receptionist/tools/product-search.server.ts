// product_search: finds the shop's active products matching the caller's
// words and answers in sentences the assistant can read aloud: name, price or
// price range in the shop currency, and which variants are in stock. When
// nothing matches, it offers close matches from the catalogue, never a guess.
import type { Shop } from "@prisma/client";
import type { ToolHandler } from "./answer-tool-calls.server";
import { queryAdmin } from "./admin-client.server";
import { formatMoney } from "../../formatting/money";
import { joinWords } from "./speech";
import { sanitizeMerchantText } from "../system-prompt";

const MAX_RESULTS = 5;
const MAX_SUGGESTIONS = 3;
const MAX_SPOKEN_VARIANTS = 6;
const MAX_QUERY_WORDS = 5;
/** Below this, a title is not a "close match" (Dice coefficient, 0..1). */
const MIN_SIMILARITY = 0.3;
/** How many recently updated active products to rank by similarity when no word matches. */
const SIMILARITY_POOL = 50;

// Filler a caller (or the model) puts around a product name; as search terms
// they would make every product fail to match.
const STOP_WORDS = new Set([
  "a",
  "an",
  "and",
  "any",
  "do",
  "does",
  "for",
  "have",
  "in",
  "is",
  "it",
  "me",
  "my",
  "of",
  "on",
  "or",
  "please",
  "size",
  "sizes",
  "some",
  "the",
  "there",
  "to",
  "with",
  "you",
  "your",
]);

const PRODUCT_SEARCH_QUERY = `#graphql
  query ReceptionistProductSearch($query: String!, $first: Int!) {
    products(first: $first, query: $query) {
      nodes {
        title
        status
        priceRangeV2 {
          minVariantPrice { amount currencyCode }
          maxVariantPrice { amount currencyCode }
        }
        variants(first: 10) {
          nodes { title inventoryQuantity availableForSale }
          pageInfo { hasNextPage }
        }
      }
    }
  }`;

const ACTIVE_PRODUCTS_QUERY = `#graphql
  query ReceptionistActiveProducts($first: Int!) {
    products(first: $first, query: "status:active", sortKey: UPDATED_AT, reverse: true) {
      nodes {
        title
        priceRangeV2 {
          minVariantPrice { amount currencyCode }
          maxVariantPrice { amount currencyCode }
        }
      }
    }
  }`;

interface Money {
  amount: string;
  currencyCode: string;
}

/** What a suggestion says: name and price (the assistant can search it for stock). */
interface ProductSummary {
  title: string;
  priceRangeV2: { minVariantPrice: Money; maxVariantPrice: Money };
}

interface ProductNode extends ProductSummary {
  status: string;
  variants: {
    nodes: Array<{ title: string; inventoryQuantity: number | null; availableForSale: boolean }>;
    pageInfo: { hasNextPage: boolean };
  };
}

export const searchProducts: ToolHandler = async (args, { shop }) => {
  const asked = typeof args.query === "string" ? sanitizeMerchantText(args.query, 100) : "";
  const words = searchWords(asked);
  if (words.length === 0) return "Ask the caller which product they are looking for, then search again with its name or type.";

  const found = await findProducts(shop, allWords(words), MAX_RESULTS);
  if (found.length > 0) return describeFound(found);

  const suggestions = await suggestProducts(shop, words, asked);
  if (suggestions.length === 0) {
    return `The store has no product matching "${asked}". Tell the caller so; do not suggest products that were not found. Offer to help with something else.`;
  }
  return (
    `The store has no product matching "${asked}". Close matches: ${suggestions.map(describeBriefly).join("; ")}. ` +
    "Ask whether one of these is what the caller means, then search it by name for stock."
  );
};

/** Lower-case words of letters and digits: nothing the search syntax could read as an operator. */
function searchWords(text: string): string[] {
  const words = text
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word !== "" && !STOP_WORDS.has(word));
  return [...new Set(words)].slice(0, MAX_QUERY_WORDS);
}

/**
 * Every word must match the title, product type or a tag, by word prefix,
 * with a plural "s" dropped ("shirts" finds "Flannel Button-Up Shirt").
 * Words hold only letters and digits (searchWords), so they need no escaping.
 */
function wordClause(word: string): string {
  const stem = word.length > 3 && word.endsWith("s") && !word.endsWith("ss") ? word.slice(0, -1) : word;
  const tags = [...new Set([word, stem])].map((tag) => `tag:${tag}`);
  return `(title:${stem}* OR product_type:${stem}* OR ${tags.join(" OR ")})`;
}

function allWords(words: string[]): string {
  return `status:active AND ${words.map(wordClause).join(" AND ")}`;
}

function anyWord(words: string[]): string {
  return `status:active AND (${words.map(wordClause).join(" OR ")})`;
}

async function findProducts(shop: Shop, query: string, first: number): Promise<ProductNode[]> {
  const { data } = await queryAdmin<{ products: { nodes: ProductNode[] } }>(shop, PRODUCT_SEARCH_QUERY, { query, first });
  // The status filter is in the query; checking again costs nothing and keeps drafts off the phone.
  return data.products.nodes.filter((product) => product.status === "ACTIVE");
}

/**
 * Products sharing at least one of the caller's words, else the active
 * products whose titles are closest to what they said ("flanel" finds
 * "Flannel Button-Up Shirt"). Both run at once: the caller is waiting.
 */
async function suggestProducts(shop: Shop, words: string[], asked: string): Promise<ProductSummary[]> {
  const [byWord, active] = await Promise.all([
    words.length > 1 ? findProducts(shop, anyWord(words), MAX_SUGGESTIONS) : Promise.resolve([]),
    queryAdmin<{ products: { nodes: ProductSummary[] } }>(shop, ACTIVE_PRODUCTS_QUERY, { first: SIMILARITY_POOL }),
  ]);
  if (byWord.length > 0) return byWord;
  return active.data.products.nodes
    .map((product) => ({ product, score: similarity(asked, product.title) }))
    .filter(({ score }) => score >= MIN_SIMILARITY)
    .sort((a, b) => b.score - a.score)
    .slice(0, MAX_SUGGESTIONS)
    .map(({ product }) => product);
}

function describeFound(products: ProductNode[]): string {
  const intro = products.length === 1 ? "Found 1 product" : `Found ${products.length} products`;
  return `${intro}: ${products.map(describe).join(" ")}`;
}

/** "Flannel Button-Up Shirt, $59 to $64, in stock in Small, Medium, Large and XL." */
function describe(product: ProductNode): string {
  return `${name(product)}, ${price(product)}, ${stock(product)}.`;
}

function describeBriefly(product: ProductSummary): string {
  return `${name(product)} (${price(product)})`;
}

function name(product: ProductSummary): string {
  return sanitizeMerchantText(product.title, 80);
}

function price({ priceRangeV2: { minVariantPrice: min, maxVariantPrice: max } }: ProductSummary): string {
  const low = formatMoney(min.amount, min.currencyCode);
  const high = formatMoney(max.amount, max.currencyCode);
  return low === high ? low : `${low} to ${high}`;
}

function stock(product: ProductNode): string {
  const variants = product.variants.nodes;
  // A product without options has one variant called "Default Title": no names to read.
  const single = variants.length === 1 && !product.variants.pageInfo.hasNextPage;
  const inStock = variants.filter((variant) => variant.availableForSale && (variant.inventoryQuantity ?? 1) > 0);
  const backorder = variants.filter((variant) => variant.availableForSale && (variant.inventoryQuantity ?? 1) <= 0);
  const soldOut = variants.filter((variant) => !variant.availableForSale);
  if (single) {
    if (inStock.length > 0) return "in stock";
    return backorder.length > 0 ? "out of stock but can be ordered" : "out of stock";
  }
  if (inStock.length === 0 && backorder.length === 0) return "out of stock in every option";

  const more = product.variants.pageInfo.hasNextPage ? " (and more options)" : "";
  const parts = [
    inStock.length > 0 ? `in stock in ${variantNames(inStock)}` : null,
    backorder.length > 0 ? `can be ordered, not in stock, in ${variantNames(backorder)}` : null,
    soldOut.length > 0 ? `out of stock in ${variantNames(soldOut)}` : null,
  ].filter((part): part is string => part !== null);
  return parts.join("; ") + more;
}

function variantNames(variants: Array<{ title: string }>): string {
  const names = variants.map((variant) => sanitizeMerchantText(variant.title, 40));
  if (names.length <= MAX_SPOKEN_VARIANTS) return joinWords(names);
  return `${names.slice(0, MAX_SPOKEN_VARIANTS).join(", ")} and ${names.length - MAX_SPOKEN_VARIANTS} more`;
}

/** Dice coefficient over letter pairs: "flanel shirt" is close to "Flannel Button-Up Shirt". */
function similarity(a: string, b: string): number {
  const pairs = (text: string) => {
    const letters = text
      .toLowerCase()
      .replace(/[^\p{L}\p{N}]+/gu, " ")
      .trim();
    const result = new Map<string, number>();
    for (let index = 0; index < letters.length - 1; index++) {
      const pair = letters.slice(index, index + 2);
      if (!pair.includes(" ")) result.set(pair, (result.get(pair) ?? 0) + 1);
    }
    return result;
  };
  const left = pairs(a);
  const right = pairs(b);
  let shared = 0;
  let total = 0;
  for (const count of left.values()) total += count;
  for (const [pair, count] of right) {
    total += count;
    shared += Math.min(count, left.get(pair) ?? 0);
  }
  return total === 0 ? 0 : (2 * shared) / total;
}
