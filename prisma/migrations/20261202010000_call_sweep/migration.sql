-- Reconciliation's sweep of each shop's line for calls with no record.
ALTER TABLE "Shop" ADD COLUMN "callSweepAt" TIMESTAMP(3),
ADD COLUMN "callSweepFrom" TIMESTAMP(3);
