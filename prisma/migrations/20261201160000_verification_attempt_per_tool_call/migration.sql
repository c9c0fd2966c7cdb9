-- A wrong verification answer is keyed by the tool call that gave it: a
-- redelivery of the same tool call is counted once (rows from before have
-- no tool call id, and never conflict).
ALTER TABLE "VerificationFailure" ADD COLUMN "toolCallId" TEXT;

-- CreateIndex
CREATE UNIQUE INDEX "VerificationFailure_shopId_vapiCallId_toolCallId_key" ON "VerificationFailure"("shopId", "vapiCallId", "toolCallId");
