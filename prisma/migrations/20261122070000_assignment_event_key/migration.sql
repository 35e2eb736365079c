-- AlterTable
ALTER TABLE "AssignmentEvent" ADD COLUMN     "key" TEXT;

-- CreateIndex
CREATE UNIQUE INDEX "AssignmentEvent_key_key" ON "AssignmentEvent"("key");
