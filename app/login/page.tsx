import { redirect } from "next/navigation";
import { CredentialsForm } from "@/components/auth/credentials-form";
import { pagePrincipal } from "@/lib/auth/page";
import { countUsers } from "@/lib/db/users";

export const dynamic = "force-dynamic";

const LoginPage = async () => {
  if ((await countUsers()) === 0) redirect("/setup");
  if (await pagePrincipal()) redirect("/");
  return (
    <main className="mx-auto max-w-sm space-y-6 px-4 py-16">
      <h1 className="text-2xl font-semibold">Sign in to OllamaMax</h1>
      <CredentialsForm endpoint="/api/auth/login" submitLabel="Sign in" busyLabel="Signing in…" next="/" />
    </main>
  );
};

export default LoginPage;
