-- At most one live check-in job per schedule and local date. Canceled jobs
-- do not count, so a changed schedule can plan again a date whose job it
-- canceled. Inserts by the planner rely on this index (ON CONFLICT DO NOTHING).
DROP INDEX "CallJob_callSettingsId_localDate_key";

CREATE INDEX "CallJob_callSettingsId_localDate_idx" ON "CallJob"("callSettingsId", "localDate");

CREATE UNIQUE INDEX "CallJob_live_per_local_date_key" ON "CallJob"("callSettingsId", "localDate") WHERE "status" <> 'canceled';
