-- Reconciliation asks Vapi about the longest unasked calls first.
ALTER TABLE "CallJob" ADD COLUMN "reconciledAt" TIMESTAMP(3);
ALTER TABLE "CallSession" ADD COLUMN "reconciledAt" TIMESTAMP(3);
