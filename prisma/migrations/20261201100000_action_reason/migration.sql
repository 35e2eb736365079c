-- CreateTable
CREATE TABLE "ActionReason" (
    "id" SERIAL NOT NULL,
    "assignmentId" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "userId" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ActionReason_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ActionReason_assignmentId_idx" ON "ActionReason"("assignmentId");
