-- AlterTable
ALTER TABLE "CallSession" ADD COLUMN     "verifiedCustomerId" TEXT,
ADD COLUMN     "verifiedCustomerName" TEXT,
ADD COLUMN     "verifiedOrderId" TEXT,
ADD COLUMN     "verifiedOrderName" TEXT;
