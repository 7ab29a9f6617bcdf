-- CreateTable
CREATE TABLE "Namespace" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "invocationsPerMinute" INTEGER,
    "concurrentInvocations" INTEGER,
    "firesPerMinute" INTEGER,

    CONSTRAINT "Namespace_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ApiKey" (
    "uuid" UUID NOT NULL,
    "secretHash" TEXT NOT NULL,
    "namespaceId" UUID NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ApiKey_pkey" PRIMARY KEY ("uuid")
);

-- CreateTable
CREATE TABLE "Package" (
    "id" UUID NOT NULL,
    "namespaceId" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "bindingNamespace" TEXT,
    "bindingName" TEXT,
    "publish" BOOLEAN NOT NULL DEFAULT false,
    "parameters" JSONB NOT NULL DEFAULT '[]',
    "annotations" JSONB NOT NULL DEFAULT '[]',
    "version" TEXT NOT NULL DEFAULT '0.0.1',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Package_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Action" (
    "id" UUID NOT NULL,
    "namespaceId" UUID NOT NULL,
    "packageName" TEXT NOT NULL DEFAULT '',
    "packageId" UUID,
    "name" TEXT NOT NULL,
    "version" TEXT NOT NULL DEFAULT '0.0.1',
    "publish" BOOLEAN NOT NULL DEFAULT false,
    "kind" TEXT NOT NULL,
    "main" TEXT,
    "code" TEXT,
    "binary" BOOLEAN NOT NULL DEFAULT false,
    "image" TEXT,
    "components" TEXT[],
    "parameters" JSONB NOT NULL DEFAULT '[]',
    "annotations" JSONB NOT NULL DEFAULT '[]',
    "timeoutMs" INTEGER NOT NULL DEFAULT 60000,
    "memoryMb" INTEGER NOT NULL DEFAULT 256,
    "logsMb" INTEGER NOT NULL DEFAULT 10,
    "concurrency" INTEGER NOT NULL DEFAULT 1,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Action_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ActionVersion" (
    "id" UUID NOT NULL,
    "actionId" UUID NOT NULL,
    "version" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "main" TEXT,
    "code" TEXT,
    "binary" BOOLEAN NOT NULL DEFAULT false,
    "image" TEXT,
    "components" TEXT[],
    "parameters" JSONB NOT NULL DEFAULT '[]',
    "annotations" JSONB NOT NULL DEFAULT '[]',
    "timeoutMs" INTEGER NOT NULL,
    "memoryMb" INTEGER NOT NULL,
    "logsMb" INTEGER NOT NULL,
    "concurrency" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ActionVersion_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Trigger" (
    "id" UUID NOT NULL,
    "namespaceId" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "version" TEXT NOT NULL DEFAULT '0.0.1',
    "publish" BOOLEAN NOT NULL DEFAULT false,
    "parameters" JSONB NOT NULL DEFAULT '[]',
    "annotations" JSONB NOT NULL DEFAULT '[]',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Trigger_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Rule" (
    "id" UUID NOT NULL,
    "namespaceId" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "version" TEXT NOT NULL DEFAULT '0.0.1',
    "publish" BOOLEAN NOT NULL DEFAULT false,
    "trigger" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'active',
    "annotations" JSONB NOT NULL DEFAULT '[]',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Rule_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Activation" (
    "activationId" TEXT NOT NULL,
    "namespaceId" UUID NOT NULL,
    "entityType" TEXT NOT NULL DEFAULT 'action',
    "name" TEXT NOT NULL,
    "path" TEXT NOT NULL,
    "version" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "start" TIMESTAMP(3) NOT NULL,
    "end" TIMESTAMP(3),
    "duration" INTEGER,
    "statusCode" INTEGER NOT NULL,
    "success" BOOLEAN NOT NULL,
    "result" JSONB,
    "logs" TEXT[],
    "annotations" JSONB NOT NULL DEFAULT '[]',
    "cause" TEXT,
    "publish" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "Activation_pkey" PRIMARY KEY ("activationId")
);

-- CreateIndex
CREATE UNIQUE INDEX "Namespace_name_key" ON "Namespace"("name");

-- CreateIndex
CREATE INDEX "ApiKey_namespaceId_idx" ON "ApiKey"("namespaceId");

-- CreateIndex
CREATE UNIQUE INDEX "Package_namespaceId_name_key" ON "Package"("namespaceId", "name");

-- CreateIndex
CREATE INDEX "Action_packageId_idx" ON "Action"("packageId");

-- CreateIndex
CREATE UNIQUE INDEX "Action_namespaceId_packageName_name_key" ON "Action"("namespaceId", "packageName", "name");

-- CreateIndex
CREATE UNIQUE INDEX "ActionVersion_actionId_version_key" ON "ActionVersion"("actionId", "version");

-- CreateIndex
CREATE UNIQUE INDEX "Trigger_namespaceId_name_key" ON "Trigger"("namespaceId", "name");

-- CreateIndex
CREATE INDEX "Rule_namespaceId_trigger_idx" ON "Rule"("namespaceId", "trigger");

-- CreateIndex
CREATE UNIQUE INDEX "Rule_namespaceId_name_key" ON "Rule"("namespaceId", "name");

-- CreateIndex
CREATE INDEX "Activation_namespaceId_start_idx" ON "Activation"("namespaceId", "start" DESC);

-- CreateIndex
CREATE INDEX "Activation_namespaceId_path_start_idx" ON "Activation"("namespaceId", "path", "start" DESC);

-- CreateIndex
CREATE INDEX "Activation_cause_idx" ON "Activation"("cause");

-- AddForeignKey
ALTER TABLE "ApiKey" ADD CONSTRAINT "ApiKey_namespaceId_fkey" FOREIGN KEY ("namespaceId") REFERENCES "Namespace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Package" ADD CONSTRAINT "Package_namespaceId_fkey" FOREIGN KEY ("namespaceId") REFERENCES "Namespace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Action" ADD CONSTRAINT "Action_namespaceId_fkey" FOREIGN KEY ("namespaceId") REFERENCES "Namespace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Action" ADD CONSTRAINT "Action_packageId_fkey" FOREIGN KEY ("packageId") REFERENCES "Package"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ActionVersion" ADD CONSTRAINT "ActionVersion_actionId_fkey" FOREIGN KEY ("actionId") REFERENCES "Action"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Trigger" ADD CONSTRAINT "Trigger_namespaceId_fkey" FOREIGN KEY ("namespaceId") REFERENCES "Namespace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Rule" ADD CONSTRAINT "Rule_namespaceId_fkey" FOREIGN KEY ("namespaceId") REFERENCES "Namespace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Activation" ADD CONSTRAINT "Activation_namespaceId_fkey" FOREIGN KEY ("namespaceId") REFERENCES "Namespace"("id") ON DELETE CASCADE ON UPDATE CASCADE;
