-- The assistants a removal deleted, so the sweep still finds numbers Vapi bought for them afterwards.
ALTER TABLE "Shop" ADD COLUMN "retiredAssistantIds" TEXT[] DEFAULT ARRAY[]::TEXT[];
