-- Several check-in schedules per shop, each with a person and briefing parts.
-- An existing schedule stays the shop's first one, with its jobs.
DROP INDEX "CallSettings_shopId_key";

-- AlterTable
ALTER TABLE "CallSettings" ADD COLUMN     "briefingParts" TEXT[] DEFAULT ARRAY['orders', 'calls', 'problems']::TEXT[],
ADD COLUMN     "name" TEXT NOT NULL DEFAULT '';

-- AlterTable
ALTER TABLE "CallJob" ADD COLUMN     "briefing" TEXT;

-- CreateTable
CREATE TABLE "CallJobNote" (
    "id" TEXT NOT NULL,
    "shopId" TEXT NOT NULL,
    "callJobId" TEXT NOT NULL,
    "vapiCallId" TEXT NOT NULL,
    "toolCallId" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CallJobNote_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "CallJobNote_shopId_callJobId_idx" ON "CallJobNote"("shopId", "callJobId");

-- CreateIndex
CREATE UNIQUE INDEX "CallJobNote_callJobId_toolCallId_key" ON "CallJobNote"("callJobId", "toolCallId");

-- CreateIndex
CREATE INDEX "CallSettings_shopId_idx" ON "CallSettings"("shopId");

-- AddForeignKey
ALTER TABLE "CallJobNote" ADD CONSTRAINT "CallJobNote_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CallJobNote" ADD CONSTRAINT "CallJobNote_callJobId_fkey" FOREIGN KEY ("callJobId") REFERENCES "CallJob"("id") ON DELETE CASCADE ON UPDATE CASCADE;
