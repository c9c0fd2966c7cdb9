-- When the merchant stopped a check-in job (cancel, pause, delete) too late: its call rang anyway. The job records
-- that call, and is never tried again.
ALTER TABLE "CallJob" ADD COLUMN "stoppedLateAt" TIMESTAMP(3);
