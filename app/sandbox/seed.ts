// Puts the demo shop in the sandbox's database as an install would: its
// offline session (so authenticate.admin never exchanges tokens) and its Shop
// row (from the fixtures the Admin API stand-in serves).
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@prisma/client";
import { DEMO_SHOP_DOMAIN, demoShopFixtures } from "./fixtures/demo-shop";
import { SANDBOX_CREDENTIALS, SANDBOX_SCOPES } from "./sandbox-config";

export async function seedDemoShop(databaseUrl: string): Promise<void> {
  const prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: databaseUrl }) });
  try {
    const session = {
      shop: DEMO_SHOP_DOMAIN,
      state: "",
      isOnline: false,
      scope: SANDBOX_SCOPES,
      accessToken: SANDBOX_CREDENTIALS.adminAccessToken,
    };
    await prisma.session.upsert({ where: { id: `offline_${DEMO_SHOP_DOMAIN}` }, create: { id: `offline_${DEMO_SHOP_DOMAIN}`, ...session }, update: session });
    const { shop } = demoShopFixtures;
    const profile = { name: shop.name, timezone: shop.ianaTimezone, currency: shop.currencyCode, scopes: SANDBOX_SCOPES, uninstalledAt: null };
    await prisma.shop.upsert({ where: { domain: DEMO_SHOP_DOMAIN }, create: { domain: DEMO_SHOP_DOMAIN, ...profile }, update: profile });
  } finally {
    await prisma.$disconnect();
  }
}
