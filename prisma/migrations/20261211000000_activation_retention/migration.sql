-- AlterTable
ALTER TABLE "Namespace" ADD COLUMN "activationRetentionDays" INTEGER;
