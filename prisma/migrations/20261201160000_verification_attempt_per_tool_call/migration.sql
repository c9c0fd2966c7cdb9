-- A factor is counted while it is tested (pending), and keyed by the tool
-- call that gave it: a redelivery of the same tool call is counted once
-- (rows from before are failures with no tool call id, and never conflict).
ALTER TABLE "VerificationFailure" ADD COLUMN "toolCallId" TEXT,
ADD COLUMN "pending" BOOLEAN NOT NULL DEFAULT false;

-- CreateIndex
CREATE UNIQUE INDEX "VerificationFailure_shopId_vapiCallId_toolCallId_key" ON "VerificationFailure"("shopId", "vapiCallId", "toolCallId");
