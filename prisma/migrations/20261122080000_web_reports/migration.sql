-- AlterTable
ALTER TABLE "Assignment" ADD COLUMN     "linkVersion" INTEGER NOT NULL DEFAULT 1;

-- AlterTable
ALTER TABLE "Submission" ADD COLUMN     "filePath" TEXT,
ADD COLUMN     "contentType" TEXT,
ADD COLUMN     "fileSize" INTEGER,
ADD COLUMN     "sha256" TEXT,
ADD COLUMN     "recordedBy" TEXT;

-- CreateTable
CREATE TABLE "Session" (
    "id" TEXT NOT NULL,
    "userId" INTEGER NOT NULL,
    "csrfToken" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Session_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AuditLog" (
    "id" SERIAL NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actor" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "target" TEXT,
    "detail" JSONB,

    CONSTRAINT "AuditLog_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "IndicatorValue" (
    "id" SERIAL NOT NULL,
    "planCode" TEXT NOT NULL,
    "year" INTEGER NOT NULL,
    "indicatorCode" TEXT NOT NULL,
    "agencyCode" TEXT NOT NULL,
    "value" DOUBLE PRECISION NOT NULL,
    "submissionId" TEXT,
    "recordedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "IndicatorValue_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CompiledReport" (
    "id" TEXT NOT NULL,
    "planCode" TEXT NOT NULL,
    "year" INTEGER NOT NULL,
    "obligationId" TEXT,
    "trigger" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "files" JSONB NOT NULL,
    "summary" JSONB NOT NULL,

    CONSTRAINT "CompiledReport_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Session_userId_idx" ON "Session"("userId");

-- CreateIndex
CREATE INDEX "AuditLog_at_idx" ON "AuditLog"("at");

-- CreateIndex
CREATE INDEX "AuditLog_target_idx" ON "AuditLog"("target");

-- CreateIndex
CREATE INDEX "IndicatorValue_planCode_year_idx" ON "IndicatorValue"("planCode", "year");

-- CreateIndex
CREATE UNIQUE INDEX "IndicatorValue_planCode_year_indicatorCode_agencyCode_key" ON "IndicatorValue"("planCode", "year", "indicatorCode", "agencyCode");

-- CreateIndex
CREATE INDEX "CompiledReport_planCode_year_idx" ON "CompiledReport"("planCode", "year");

-- AddForeignKey
ALTER TABLE "Session" ADD CONSTRAINT "Session_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;
