-- AlterTable
ALTER TABLE "ContainerStatSample" ADD COLUMN "environment" TEXT;
