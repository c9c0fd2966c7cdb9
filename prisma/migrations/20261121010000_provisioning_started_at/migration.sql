-- AlterTable
ALTER TABLE "Shop" ADD COLUMN     "provisioningStartedAt" TIMESTAMP(3);

