-- When the delivery a signature came with was handled: until then a delivery
-- with the same signature is a duplicate in flight, or (after a while) the
-- retry of one whose handler died, not a replay.
ALTER TABLE "VapiSeenSignature" ADD COLUMN "settledAt" TIMESTAMP(3);
