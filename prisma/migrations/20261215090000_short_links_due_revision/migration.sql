-- AlterTable
ALTER TABLE "Assignment" ADD COLUMN     "dueRevision" INTEGER NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "ShortLink" (
    "code" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "token" TEXT NOT NULL,
    "assignmentId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ShortLink_pkey" PRIMARY KEY ("code")
);

-- CreateIndex
CREATE UNIQUE INDEX "ShortLink_key_key" ON "ShortLink"("key");

-- CreateIndex
CREATE INDEX "ShortLink_assignmentId_idx" ON "ShortLink"("assignmentId");
