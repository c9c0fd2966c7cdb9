-- AlterTable
ALTER TABLE "CallSession" ADD COLUMN "verificationLockedAt" TIMESTAMP(3);

-- CreateTable
CREATE TABLE "VerificationFailure" (
    "id" TEXT NOT NULL,
    "shopId" TEXT NOT NULL,
    "orderNumber" TEXT,
    "callerNumber" TEXT,
    "vapiCallId" TEXT NOT NULL,
    "failedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "VerificationFailure_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "VerificationFailure_shopId_orderNumber_failedAt_idx" ON "VerificationFailure"("shopId", "orderNumber", "failedAt");

-- CreateIndex
CREATE INDEX "VerificationFailure_shopId_callerNumber_failedAt_idx" ON "VerificationFailure"("shopId", "callerNumber", "failedAt");

-- AddForeignKey
ALTER TABLE "VerificationFailure" ADD CONSTRAINT "VerificationFailure_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;
