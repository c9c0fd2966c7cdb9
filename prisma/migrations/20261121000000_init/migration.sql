-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "ReceptionistStatus" AS ENUM ('not_provisioned', 'provisioning', 'active', 'failed');

-- CreateEnum
CREATE TYPE "Cadence" AS ENUM ('daily', 'weekdays', 'weekends', 'custom');

-- CreateEnum
CREATE TYPE "CallJobStatus" AS ENUM ('queued', 'scheduled', 'started', 'completed', 'failed', 'canceled', 'missed');

-- CreateEnum
CREATE TYPE "CallDirection" AS ENUM ('inbound', 'outbound');

-- CreateEnum
CREATE TYPE "WebhookSource" AS ENUM ('shopify', 'vapi');

-- CreateTable
CREATE TABLE "Session" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "isOnline" BOOLEAN NOT NULL DEFAULT false,
    "scope" TEXT,
    "expires" TIMESTAMP(3),
    "accessToken" TEXT NOT NULL,
    "userId" BIGINT,
    "firstName" TEXT,
    "lastName" TEXT,
    "email" TEXT,
    "accountOwner" BOOLEAN NOT NULL DEFAULT false,
    "locale" TEXT,
    "collaborator" BOOLEAN DEFAULT false,
    "emailVerified" BOOLEAN DEFAULT false,
    "refreshToken" TEXT,
    "refreshTokenExpires" TIMESTAMP(3),

    CONSTRAINT "Session_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Shop" (
    "id" TEXT NOT NULL,
    "domain" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "timezone" TEXT NOT NULL DEFAULT 'UTC',
    "currency" TEXT NOT NULL DEFAULT 'USD',
    "scopes" TEXT,
    "installedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "uninstalledAt" TIMESTAMP(3),
    "receptionistStatus" "ReceptionistStatus" NOT NULL DEFAULT 'not_provisioned',
    "assistantId" TEXT,
    "assistantName" TEXT,
    "phoneNumberId" TEXT,
    "phoneNumber" TEXT,
    "voice" TEXT NOT NULL DEFAULT 'rachel',
    "hoursOfOperation" TEXT,
    "forwardingNumber" TEXT,
    "preferredAreaCode" TEXT,
    "provisioningLeaseUntil" TIMESTAMP(3),
    "lastErrorCode" TEXT,
    "lastErrorMessage" TEXT,
    "provisionedAt" TIMESTAMP(3),
    "knowledgeRefreshedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Shop_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CallSettings" (
    "id" TEXT NOT NULL,
    "shopId" TEXT NOT NULL,
    "phoneE164" TEXT NOT NULL,
    "timezone" TEXT NOT NULL,
    "timeOfDay" TEXT NOT NULL,
    "cadence" "Cadence" NOT NULL,
    "daysOfWeek" INTEGER[],
    "active" BOOLEAN NOT NULL DEFAULT false,
    "voiceId" TEXT,
    "consentAt" TIMESTAMP(3),
    "nextPlanAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CallSettings_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CallJob" (
    "id" TEXT NOT NULL,
    "shopId" TEXT NOT NULL,
    "callSettingsId" TEXT,
    "localDate" TEXT NOT NULL,
    "scheduledForUtc" TIMESTAMP(3) NOT NULL,
    "status" "CallJobStatus" NOT NULL DEFAULT 'queued',
    "vapiCallId" TEXT,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "errorMessage" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CallJob_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CallSession" (
    "id" TEXT NOT NULL,
    "shopId" TEXT NOT NULL,
    "callJobId" TEXT,
    "vapiCallId" TEXT NOT NULL,
    "direction" "CallDirection" NOT NULL,
    "status" TEXT NOT NULL,
    "callerNumber" TEXT,
    "calleeNumber" TEXT,
    "startedAt" TIMESTAMP(3),
    "endedAt" TIMESTAMP(3),
    "durationSec" INTEGER,
    "endedReason" TEXT,
    "disposition" TEXT,
    "cost" DECIMAL(10,4),
    "summary" TEXT,
    "transcript" TEXT,
    "recordingUrl" TEXT,
    "messageTaken" TEXT,
    "metadata" JSONB,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CallSession_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "WebhookDelivery" (
    "id" TEXT NOT NULL,
    "source" "WebhookSource" NOT NULL,
    "deliveryKey" TEXT NOT NULL,
    "shopDomain" TEXT,
    "topic" TEXT NOT NULL,
    "receivedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "WebhookDelivery_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Session_shop_idx" ON "Session"("shop");

-- CreateIndex
CREATE UNIQUE INDEX "Shop_domain_key" ON "Shop"("domain");

-- CreateIndex
CREATE UNIQUE INDEX "Shop_assistantId_key" ON "Shop"("assistantId");

-- CreateIndex
CREATE UNIQUE INDEX "Shop_phoneNumberId_key" ON "Shop"("phoneNumberId");

-- CreateIndex
CREATE UNIQUE INDEX "CallSettings_shopId_key" ON "CallSettings"("shopId");

-- CreateIndex
CREATE INDEX "CallSettings_active_nextPlanAt_idx" ON "CallSettings"("active", "nextPlanAt");

-- CreateIndex
CREATE UNIQUE INDEX "CallJob_vapiCallId_key" ON "CallJob"("vapiCallId");

-- CreateIndex
CREATE INDEX "CallJob_shopId_scheduledForUtc_idx" ON "CallJob"("shopId", "scheduledForUtc");

-- CreateIndex
CREATE INDEX "CallJob_status_scheduledForUtc_idx" ON "CallJob"("status", "scheduledForUtc");

-- CreateIndex
CREATE UNIQUE INDEX "CallJob_callSettingsId_localDate_key" ON "CallJob"("callSettingsId", "localDate");

-- CreateIndex
CREATE UNIQUE INDEX "CallSession_vapiCallId_key" ON "CallSession"("vapiCallId");

-- CreateIndex
CREATE INDEX "CallSession_shopId_createdAt_idx" ON "CallSession"("shopId", "createdAt");

-- CreateIndex
CREATE INDEX "WebhookDelivery_receivedAt_idx" ON "WebhookDelivery"("receivedAt");

-- CreateIndex
CREATE UNIQUE INDEX "WebhookDelivery_source_deliveryKey_key" ON "WebhookDelivery"("source", "deliveryKey");

-- AddForeignKey
ALTER TABLE "CallSettings" ADD CONSTRAINT "CallSettings_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CallJob" ADD CONSTRAINT "CallJob_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CallJob" ADD CONSTRAINT "CallJob_callSettingsId_fkey" FOREIGN KEY ("callSettingsId") REFERENCES "CallSettings"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CallSession" ADD CONSTRAINT "CallSession_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CallSession" ADD CONSTRAINT "CallSession_callJobId_fkey" FOREIGN KEY ("callJobId") REFERENCES "CallJob"("id") ON DELETE SET NULL ON UPDATE CASCADE;

