-- CreateEnum
CREATE TYPE "WebhookSecretKind" AS ENUM ('assistant', 'call');

-- CreateTable
CREATE TABLE "VapiWebhookSecret" (
    "id" TEXT NOT NULL,
    "shopId" TEXT NOT NULL,
    "kind" "WebhookSecretKind" NOT NULL,
    "secretHash" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "firstUsedAt" TIMESTAMP(3),
    "expiresAt" TIMESTAMP(3),

    CONSTRAINT "VapiWebhookSecret_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "VapiSeenSignature" (
    "signature" TEXT NOT NULL,
    "seenAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "VapiSeenSignature_pkey" PRIMARY KEY ("signature")
);

-- CreateIndex
CREATE UNIQUE INDEX "VapiWebhookSecret_secretHash_key" ON "VapiWebhookSecret"("secretHash");

-- CreateIndex
CREATE INDEX "VapiWebhookSecret_shopId_kind_idx" ON "VapiWebhookSecret"("shopId", "kind");

-- CreateIndex
CREATE INDEX "VapiSeenSignature_seenAt_idx" ON "VapiSeenSignature"("seenAt");

-- AddForeignKey
ALTER TABLE "VapiWebhookSecret" ADD CONSTRAINT "VapiWebhookSecret_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;
