-- Environment variables of actions and packages (values sealed), and each activation's input.
ALTER TABLE "Action" ADD COLUMN "environment" JSONB NOT NULL DEFAULT '{}',
ADD COLUMN "envStamp" TEXT NOT NULL DEFAULT '';

ALTER TABLE "Package" ADD COLUMN "environment" JSONB NOT NULL DEFAULT '{}',
ADD COLUMN "envStamp" TEXT NOT NULL DEFAULT '';

ALTER TABLE "Activation" ADD COLUMN "input" JSONB;
