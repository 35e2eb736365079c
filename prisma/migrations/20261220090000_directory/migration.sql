-- AlterTable
ALTER TABLE "Assignment" ADD COLUMN "successorAgencyCode" TEXT;

-- CreateTable
CREATE TABLE "DirectoryAgency" (
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "parentCode" TEXT,
    "groups" TEXT[],
    "state" TEXT NOT NULL DEFAULT 'active',
    "effectiveFrom" DATE,
    "effectiveUntil" DATE,
    "successorCode" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "DirectoryAgency_pkey" PRIMARY KEY ("code")
);

-- CreateTable
CREATE TABLE "DirectoryContact" (
    "id" SERIAL NOT NULL,
    "agencyCode" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "name" TEXT,
    "position" TEXT,
    "email" TEXT,
    "phone" TEXT,

    CONSTRAINT "DirectoryContact_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Reorganisation" (
    "id" SERIAL NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actor" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "effectiveOn" DATE NOT NULL,
    "sources" TEXT[],
    "successor" TEXT,
    "detail" JSONB NOT NULL,

    CONSTRAINT "Reorganisation_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "DirectoryAgency_state_idx" ON "DirectoryAgency"("state");

-- CreateIndex
CREATE INDEX "DirectoryContact_agencyCode_idx" ON "DirectoryContact"("agencyCode");

-- CreateIndex
CREATE INDEX "Reorganisation_at_idx" ON "Reorganisation"("at");

-- AddForeignKey
ALTER TABLE "DirectoryContact" ADD CONSTRAINT "DirectoryContact_agencyCode_fkey" FOREIGN KEY ("agencyCode") REFERENCES "DirectoryAgency"("code") ON DELETE CASCADE ON UPDATE CASCADE;
