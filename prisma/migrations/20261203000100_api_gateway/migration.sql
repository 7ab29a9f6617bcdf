-- CreateTable
CREATE TABLE "ApiRoute" (
    "id" UUID NOT NULL,
    "namespaceId" UUID NOT NULL,
    "basePath" TEXT NOT NULL,
    "relPath" TEXT NOT NULL,
    "method" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "responseType" TEXT NOT NULL DEFAULT 'json',
    "apiName" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ApiRoute_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "ApiRoute_namespaceId_basePath_relPath_method_key" ON "ApiRoute"("namespaceId", "basePath", "relPath", "method");

-- AddForeignKey
ALTER TABLE "ApiRoute" ADD CONSTRAINT "ApiRoute_namespaceId_fkey" FOREIGN KEY ("namespaceId") REFERENCES "Namespace"("id") ON DELETE CASCADE ON UPDATE CASCADE;
