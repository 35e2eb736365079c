-- CreateTable
CREATE TABLE "PlanCoordinator" (
    "userId" INTEGER NOT NULL,
    "planCode" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PlanCoordinator_pkey" PRIMARY KEY ("userId","planCode")
);

-- CreateIndex
CREATE INDEX "PlanCoordinator_planCode_idx" ON "PlanCoordinator"("planCode");

-- AddForeignKey
ALTER TABLE "PlanCoordinator" ADD CONSTRAINT "PlanCoordinator_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;
