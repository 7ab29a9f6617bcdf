-- CreateTable
CREATE TABLE "ActionApiKey" (
    "namespaceId" UUID NOT NULL,
    "keyUuid" UUID NOT NULL,
    "sealedSecret" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ActionApiKey_pkey" PRIMARY KEY ("namespaceId")
);

-- CreateIndex
CREATE UNIQUE INDEX "ActionApiKey_keyUuid_key" ON "ActionApiKey"("keyUuid");

-- AddForeignKey
ALTER TABLE "ActionApiKey" ADD CONSTRAINT "ActionApiKey_namespaceId_fkey" FOREIGN KEY ("namespaceId") REFERENCES "Namespace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ActionApiKey" ADD CONSTRAINT "ActionApiKey_keyUuid_fkey" FOREIGN KEY ("keyUuid") REFERENCES "ApiKey"("uuid") ON DELETE CASCADE ON UPDATE CASCADE;
