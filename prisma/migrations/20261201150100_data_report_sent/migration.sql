-- AlterTable
ALTER TABLE "ComplianceReport" ADD COLUMN     "sentAt" TIMESTAMP(3);
