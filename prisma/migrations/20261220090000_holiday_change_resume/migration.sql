-- A calendar change keeps the stored calendar before and after it, so re-targeting the running deadlines can be
-- resumed after a failure (Temporal unreachable mid-way). retargetedAt is set once every move and notice is done.
ALTER TABLE "HolidayChange" ADD COLUMN "storedBefore" JSONB;
ALTER TABLE "HolidayChange" ADD COLUMN "storedAfter" JSONB;
ALTER TABLE "HolidayChange" ADD COLUMN "retargetedAt" TIMESTAMP(3);

-- Changes made before this column existed were re-targeted when they were made (or cannot be resumed).
UPDATE "HolidayChange" SET "retargetedAt" = "at";

CREATE INDEX "HolidayChange_retargetedAt_idx" ON "HolidayChange"("retargetedAt");
