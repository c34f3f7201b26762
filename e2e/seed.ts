// Prepares the e2e database: migrations, then one user per role. Run by playwright.config.ts.
import { execFileSync } from "node:child_process";
import { hashPassword } from "../lib/auth/password";
import { getPrisma } from "../lib/db/client";
import { E2E_PASSWORD, E2E_THROTTLED_USER, E2E_USERS } from "./users";

execFileSync("npx", ["prisma", "migrate", "deploy"], { stdio: "ignore" });
const prisma = getPrisma();
const passwordHash = await hashPassword(E2E_PASSWORD);
const accounts: [string, string][] = [...Object.entries(E2E_USERS), ["viewer", E2E_THROTTLED_USER]];
for (const [role, username] of accounts) {
  await prisma.user.upsert({
    where: { username },
    update: {},
    // The first-visit tour is e2e/fresh.spec.ts's to test: the seeded accounts have seen it.
    create: {
      username,
      usernameKey: username.toLowerCase(),
      passwordHash,
      role,
      tourDismissedAt: new Date(),
    },
  });
}
await prisma.$disconnect();
