-- CreateTable
CREATE TABLE "TriggerFeed" (
    "triggerId" UUID NOT NULL,
    "feed" TEXT NOT NULL,
    "config" JSONB NOT NULL,
    "params" JSONB NOT NULL DEFAULT '{}',
    "active" BOOLEAN NOT NULL DEFAULT true,
    "reason" TEXT,
    "failures" INTEGER NOT NULL DEFAULT 0,
    "fired" INTEGER NOT NULL DEFAULT 0,
    "statusChangedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "TriggerFeed_pkey" PRIMARY KEY ("triggerId")
);

-- AddForeignKey
ALTER TABLE "TriggerFeed" ADD CONSTRAINT "TriggerFeed_triggerId_fkey" FOREIGN KEY ("triggerId") REFERENCES "Trigger"("id") ON DELETE CASCADE ON UPDATE CASCADE;
