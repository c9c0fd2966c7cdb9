// A data-request report as a JSON file (a resource route): only the shop's
// own reports, served as an attachment the browser saves, never cached.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { reportDownload } from "../compliance/data-reports.server";
import { authenticate } from "../shopify.server";
import { requireShop } from "../shops/shop.server";

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { admin, session } = await authenticate.admin(request);
  const shop = await requireShop(admin, session.shop);
  const file = await reportDownload(shop, params.id);
  if (!file) return new Response("No such report.", { status: 404, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  return new Response(file.body, {
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Content-Disposition": `attachment; filename="${file.filename}"`,
      "Cache-Control": "private, no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
};
