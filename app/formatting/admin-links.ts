// Links into the Shopify admin for a resource the app knows by its gid
// (pure): "gid://shopify/Order/5678" of "harbor-pine.myshopify.com" is
// https://admin.shopify.com/store/harbor-pine/orders/5678. Anything else
// (another resource type, a malformed id, a custom domain) has no link.

const ADMIN_SECTIONS: Record<string, string> = { Order: "orders", Customer: "customers" };

export function adminUrl(shopDomain: string, gid: string | null): string | null {
  const resource = /^gid:\/\/shopify\/([A-Za-z]+)\/(\d{1,20})$/.exec(gid ?? "");
  const store = /^([a-z0-9][a-z0-9-]*)\.myshopify\.com$/.exec(shopDomain.toLowerCase())?.[1];
  const section = resource ? ADMIN_SECTIONS[resource[1]] : undefined;
  if (!resource || !store || !section) return null;
  return `https://admin.shopify.com/store/${store}/${section}/${resource[2]}`;
}
