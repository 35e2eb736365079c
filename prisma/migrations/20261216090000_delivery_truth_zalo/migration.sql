-- AlterTable
ALTER TABLE "Contact" ADD COLUMN     "staleAt" TIMESTAMP(3),
ADD COLUMN     "staleReason" TEXT;

-- AlterTable
ALTER TABLE "Notification" ADD COLUMN     "delivery" TEXT,
ADD COLUMN     "deliveryAt" TIMESTAMP(3),
ADD COLUMN     "deliveryDetail" TEXT;

-- CreateTable
CREATE TABLE "ZaloQuota" (
    "oaId" TEXT NOT NULL,
    "day" DATE NOT NULL,
    "dailyQuota" INTEGER,
    "remainingQuota" INTEGER NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ZaloQuota_pkey" PRIMARY KEY ("oaId","day")
);

-- CreateIndex
CREATE INDEX "Notification_providerMessageId_idx" ON "Notification"("providerMessageId");
