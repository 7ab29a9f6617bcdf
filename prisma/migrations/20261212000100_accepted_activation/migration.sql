-- CreateTable
CREATE TABLE "AcceptedActivation" (
    "activationId" TEXT NOT NULL,
    "namespaceId" UUID NOT NULL,
    "acceptedAt" TIMESTAMP(3) NOT NULL,
    "entry" JSONB NOT NULL,

    CONSTRAINT "AcceptedActivation_pkey" PRIMARY KEY ("activationId")
);

-- CreateIndex
CREATE INDEX "AcceptedActivation_acceptedAt_idx" ON "AcceptedActivation"("acceptedAt");
