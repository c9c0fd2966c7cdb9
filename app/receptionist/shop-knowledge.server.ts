// The products the receptionist knows by heart (its prompt), read from the
// shop's Admin API. The Admin API has no "best selling" sort on products, so
// the prompt lists the 20 most recently updated active products (the page
// says so); product_search covers the whole catalogue during calls.
import type { AdminApiContext } from "@shopify/shopify-app-remix/server";
import { AppError } from "../vapi/errors";
import { MAX_PROMPT_PRODUCTS, type ProductSummary } from "./system-prompt";

export const PRODUCT_SELECTION_DESCRIPTION = "your 20 most recently updated active products";

const TOP_PRODUCTS_QUERY = `#graphql
  query ReceptionistProducts($first: Int!) {
    products(first: $first, query: "status:active", sortKey: UPDATED_AT, reverse: true) {
      nodes {
        title
        totalInventory
        priceRangeV2 {
          minVariantPrice { amount currencyCode }
          maxVariantPrice { amount currencyCode }
        }
      }
    }
  }`;

interface ProductsResponse {
  data?: {
    products: {
      nodes: Array<{
        title: string;
        totalInventory: number | null;
        priceRangeV2: { minVariantPrice: { amount: string; currencyCode: string }; maxVariantPrice: { amount: string; currencyCode: string } };
      }>;
    };
  };
}

export async function loadPromptProducts(admin: Pick<AdminApiContext, "graphql">): Promise<ProductSummary[]> {
  let body: ProductsResponse;
  try {
    const response = await admin.graphql(TOP_PRODUCTS_QUERY, { variables: { first: MAX_PROMPT_PRODUCTS } });
    body = (await response.json()) as ProductsResponse;
  } catch (error) {
    throw new AppError("SHOP_DATA_UNAVAILABLE", "We could not read your products from Shopify. Please try again in a moment.", { cause: error });
  }
  return (body.data?.products.nodes ?? []).map((product) => ({
    title: product.title,
    minPrice: product.priceRangeV2.minVariantPrice.amount,
    maxPrice: product.priceRangeV2.maxVariantPrice.amount,
    currencyCode: product.priceRangeV2.minVariantPrice.currencyCode,
    available: product.totalInventory === null || product.totalInventory > 0,
  }));
}
