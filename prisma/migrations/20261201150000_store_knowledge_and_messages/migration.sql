-- CreateEnum
CREATE TYPE "MessageStatus" AS ENUM ('new', 'called_back', 'resolved');

-- CreateTable
CREATE TABLE "StoreKnowledge" (
    "id" TEXT NOT NULL,
    "shopId" TEXT NOT NULL,
    "policies" JSONB NOT NULL DEFAULT '[]',
    "shipsToCountries" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "policiesFetchedAt" TIMESTAMP(3),
    "faq" JSONB NOT NULL DEFAULT '[]',
    "openingHours" JSONB,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "StoreKnowledge_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Message" (
    "id" TEXT NOT NULL,
    "shopId" TEXT NOT NULL,
    "callSessionId" TEXT NOT NULL,
    "toolCallId" TEXT NOT NULL,
    "callerName" TEXT NOT NULL,
    "callbackNumber" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "orderNumber" TEXT,
    "status" "MessageStatus" NOT NULL DEFAULT 'new',
    "statusChangedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Message_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "StoreKnowledge_shopId_key" ON "StoreKnowledge"("shopId");

-- CreateIndex
CREATE INDEX "Message_shopId_status_createdAt_idx" ON "Message"("shopId", "status", "createdAt");

-- CreateIndex
CREATE INDEX "Message_shopId_createdAt_idx" ON "Message"("shopId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "Message_callSessionId_toolCallId_key" ON "Message"("callSessionId", "toolCallId");

-- AddForeignKey
ALTER TABLE "StoreKnowledge" ADD CONSTRAINT "StoreKnowledge_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Message" ADD CONSTRAINT "Message_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Message" ADD CONSTRAINT "Message_callSessionId_fkey" FOREIGN KEY ("callSessionId") REFERENCES "CallSession"("id") ON DELETE CASCADE ON UPDATE CASCADE;

