-- AlterTable
ALTER TABLE "Environment" ADD COLUMN     "sshHostKeys" TEXT;

