-- AlterTable
ALTER TABLE "ApiToken" ADD COLUMN "scope" TEXT;

-- CreateTable
CREATE TABLE "RecoveryCode" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "userId" TEXT NOT NULL,
    "codeHash" TEXT NOT NULL,
    "usedAt" DATETIME,
    CONSTRAINT "RecoveryCode_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "PanelSetting" (
    "key" TEXT NOT NULL PRIMARY KEY,
    "value" TEXT NOT NULL,
    "updatedAt" DATETIME NOT NULL,
    "updatedBy" TEXT
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_User" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "username" TEXT NOT NULL,
    "passwordHash" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "disabled" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "usernameKey" TEXT NOT NULL,
    "totpSecret" TEXT,
    "totpPending" TEXT,
    "totpEnabledAt" DATETIME
);
-- Usernames become case-insensitive. Accounts whose names differ only by case (possible before)
-- keep the oldest one's name; each newer one is renamed "<name>-<last 6 of its id>" (it signs in
-- with that name from now on), and the rename is written to the audit log.
CREATE TEMP TABLE "user_rename" AS
SELECT u."id", u."username" AS "oldName",
  CASE WHEN EXISTS (
    SELECT 1 FROM "User" o
    WHERE lower(o."username") = lower(u."username")
      AND (o."createdAt" < u."createdAt" OR (o."createdAt" = u."createdAt" AND o."id" < u."id"))
  ) THEN u."username" || '-' || substr(u."id", -6) ELSE u."username" END AS "newName"
FROM "User" u;
INSERT INTO "AuditEvent" ("id", "actor", "action", "target", "detail")
SELECT 'mig' || lower(hex(randomblob(10))), NULL, 'user.rename_case_duplicate', r."newName",
  '{"from":' || json_quote(r."oldName") || ',"reason":"usernames are case-insensitive"}'
FROM "user_rename" r WHERE r."newName" <> r."oldName";
INSERT INTO "new_User" ("createdAt", "disabled", "id", "passwordHash", "role", "username", "usernameKey")
SELECT u."createdAt", u."disabled", u."id", u."passwordHash", u."role", r."newName", lower(r."newName")
FROM "User" u JOIN "user_rename" r ON r."id" = u."id";
DROP TABLE "user_rename";
DROP TABLE "User";
ALTER TABLE "new_User" RENAME TO "User";
CREATE UNIQUE INDEX "User_username_key" ON "User"("username");
CREATE UNIQUE INDEX "User_usernameKey_key" ON "User"("usernameKey");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "RecoveryCode_userId_idx" ON "RecoveryCode"("userId");
