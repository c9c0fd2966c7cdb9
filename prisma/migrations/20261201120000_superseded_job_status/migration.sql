-- A job replaced by a schedule change: not a call. Its own migration, since a
-- new enum value cannot be used in the transaction that adds it.
ALTER TYPE "CallJobStatus" ADD VALUE 'superseded';
