-- The webhook credential each secret was sent to Vapi with (null: none), so
-- an assistant set up before HMAC was turned on keeps its unsigned messages
-- accepted until it is updated with the credential. Secrets issued before
-- this column existed are marked unknown: never taken unsigned.
ALTER TABLE "VapiWebhookSecret" ADD COLUMN "credentialId" TEXT,
ADD COLUMN "credentialKnown" BOOLEAN NOT NULL DEFAULT false;

ALTER TABLE "VapiWebhookSecret" ALTER COLUMN "credentialKnown" SET DEFAULT true;
