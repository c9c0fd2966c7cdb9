-- One decision per schedule and local date: a job of any status but
-- superseded blocks its date, so a date the merchant canceled is never
-- planned again (pause and resume, a save, a second planner).

-- Jobs the app canceled because the schedule changed were never calls.
UPDATE "CallJob" SET "status" = 'superseded'
WHERE "status" = 'canceled' AND "errorMessage" IN ('The schedule changed', 'Schedule deleted', 'The app was uninstalled');

-- Dates planned again after a cancel have two jobs: the one that is not
-- canceled (it may have been called) stays, the others become superseded.
UPDATE "CallJob" AS j SET "status" = 'superseded'
FROM (
  SELECT "id", ROW_NUMBER() OVER (PARTITION BY "callSettingsId", "localDate" ORDER BY ("status" = 'canceled'), "createdAt" DESC) AS rn
  FROM "CallJob"
  WHERE "callSettingsId" IS NOT NULL AND "status" <> 'superseded'
) AS d
WHERE j."id" = d."id" AND d.rn > 1;

DROP INDEX "CallJob_live_per_local_date_key";

CREATE UNIQUE INDEX "CallJob_one_per_local_date_key" ON "CallJob"("callSettingsId", "localDate") WHERE "status" <> 'superseded';
