-- CreateTable
CREATE TABLE "HolidayEntry" (
    "date" TEXT NOT NULL,
    "year" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "reason" TEXT,
    "name" TEXT NOT NULL,
    "sourceNumber" TEXT NOT NULL,
    "sourceDate" TEXT NOT NULL,
    "sourceLink" TEXT NOT NULL,
    "pairedWith" TEXT,
    "imported" BOOLEAN NOT NULL DEFAULT false,
    "createdBy" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "HolidayEntry_pkey" PRIMARY KEY ("date")
);

-- CreateTable
CREATE TABLE "HolidayYear" (
    "year" INTEGER NOT NULL,
    "occasions" TEXT[],
    "note" TEXT,
    "sourceNumber" TEXT NOT NULL,
    "sourceDate" TEXT NOT NULL,
    "sourceLink" TEXT NOT NULL,
    "importedBy" TEXT NOT NULL,
    "importedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "HolidayYear_pkey" PRIMARY KEY ("year")
);

-- CreateTable
CREATE TABLE "HolidayChange" (
    "id" SERIAL NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actor" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "year" INTEGER NOT NULL,
    "dates" TEXT[],
    "before" JSONB NOT NULL,
    "after" JSONB NOT NULL,
    "moved" JSONB,

    CONSTRAINT "HolidayChange_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "HolidayEntry_year_idx" ON "HolidayEntry"("year");

-- CreateIndex
CREATE INDEX "HolidayChange_at_idx" ON "HolidayChange"("at");
