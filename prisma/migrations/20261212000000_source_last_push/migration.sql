-- AlterTable
ALTER TABLE "Source" ADD COLUMN "lastPushCommit" TEXT,
ADD COLUMN "lastPushAt" TIMESTAMP(3);
