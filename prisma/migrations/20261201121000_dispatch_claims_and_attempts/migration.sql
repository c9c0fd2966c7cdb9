-- Dispatch claims with a lease (a dead worker's job is taken over), retry
-- times after transient Vapi failures, and calls whose placement is unknown.
ALTER TABLE "CallJob" ADD COLUMN "claimToken" TEXT,
ADD COLUMN "leaseUntil" TIMESTAMP(3),
ADD COLUMN "nextAttemptAt" TIMESTAMP(3),
ADD COLUMN "unconfirmedAt" TIMESTAMP(3);

-- Every POST /call of a check-in job, recorded before it is sent.
CREATE TABLE "CallAttempt" (
    "id" TEXT NOT NULL,
    "callJobId" TEXT NOT NULL,
    "shopId" TEXT NOT NULL,
    "number" INTEGER NOT NULL,
    "startedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMP(3),
    "outcome" TEXT,
    "httpStatus" INTEGER,
    "detail" TEXT,
    "vapiCallId" TEXT,

    CONSTRAINT "CallAttempt_pkey" PRIMARY KEY ("id")
);

CREATE INDEX "CallAttempt_shopId_idx" ON "CallAttempt"("shopId");

CREATE UNIQUE INDEX "CallAttempt_callJobId_number_key" ON "CallAttempt"("callJobId", "number");

ALTER TABLE "CallAttempt" ADD CONSTRAINT "CallAttempt_callJobId_fkey" FOREIGN KEY ("callJobId") REFERENCES "CallJob"("id") ON DELETE CASCADE ON UPDATE CASCADE;
