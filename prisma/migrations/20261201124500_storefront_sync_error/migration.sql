-- AlterTable
ALTER TABLE "Shop" ADD COLUMN     "storefrontSyncError" TEXT;
