-- AlterTable
ALTER TABLE "Shop" ADD COLUMN     "provisioningLeaseToken" TEXT,
ADD COLUMN     "provisioningStep" TEXT,
ADD COLUMN     "provisioningStepAt" TIMESTAMP(3);
