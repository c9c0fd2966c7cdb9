import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@prisma/client";
import { env } from "./env.server";
import { onShutdown } from "./process/lifecycle";

declare global {
  // Reused across dev-server rebuilds so each rebuild does not open a new pool.
  var prismaGlobal: PrismaClient | undefined;
}

function createClient() {
  return new PrismaClient({ adapter: new PrismaPg({ connectionString: env.DATABASE_URL }) });
}

const prisma = env.NODE_ENV === "production" ? createClient() : (global.prismaGlobal ??= createClient());
onShutdown("database", () => prisma.$disconnect());

export default prisma;
