-- CreateTable
CREATE TABLE "Source" (
    "id" UUID NOT NULL,
    "namespaceId" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "repository" TEXT NOT NULL,
    "branch" TEXT NOT NULL DEFAULT 'main',
    "path" TEXT NOT NULL DEFAULT '',
    "tokenSealed" TEXT,
    "variablesSealed" TEXT,
    "webhookSecretSealed" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Source_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Deployment" (
    "id" UUID NOT NULL,
    "namespaceId" UUID NOT NULL,
    "sourceId" UUID,
    "sourceName" TEXT,
    "project" TEXT NOT NULL,
    "commit" TEXT,
    "ref" TEXT,
    "message" TEXT,
    "author" TEXT,
    "cause" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'queued',
    "deliveryId" TEXT,
    "rollbackOf" UUID,
    "error" TEXT,
    "changes" JSONB NOT NULL DEFAULT '[]',
    "spec" JSONB,
    "logs" TEXT[],
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedAt" TIMESTAMP(3),
    "endedAt" TIMESTAMP(3),

    CONSTRAINT "Deployment_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Source_namespaceId_name_key" ON "Source"("namespaceId", "name");

-- CreateIndex
CREATE UNIQUE INDEX "Deployment_sourceId_deliveryId_key" ON "Deployment"("sourceId", "deliveryId");

-- CreateIndex
CREATE INDEX "Deployment_namespaceId_createdAt_idx" ON "Deployment"("namespaceId", "createdAt" DESC);

-- CreateIndex
CREATE INDEX "Deployment_sourceId_createdAt_idx" ON "Deployment"("sourceId", "createdAt" DESC);

-- AddForeignKey
ALTER TABLE "Source" ADD CONSTRAINT "Source_namespaceId_fkey" FOREIGN KEY ("namespaceId") REFERENCES "Namespace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Deployment" ADD CONSTRAINT "Deployment_namespaceId_fkey" FOREIGN KEY ("namespaceId") REFERENCES "Namespace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Deployment" ADD CONSTRAINT "Deployment_sourceId_fkey" FOREIGN KEY ("sourceId") REFERENCES "Source"("id") ON DELETE SET NULL ON UPDATE CASCADE;
