import { redirect } from "next/navigation";
import { CredentialsForm } from "@/components/auth/credentials-form";
import { countUsers } from "@/lib/db/users";

export const dynamic = "force-dynamic";

/** First start: create the admin account, which signs it in. Gone once any user exists. */
const SetupPage = async () => {
  if ((await countUsers()) > 0) redirect("/login");
  return (
    <main className="mx-auto max-w-sm space-y-6 px-4 py-16">
      <h1 className="text-2xl font-semibold">Create the admin account</h1>
      <p className="text-sm text-zinc-500">
        This panel can run any container on this host. The admin manages users and sees the audit log. Use a
        password of at least 10 characters.
      </p>
      <CredentialsForm
        endpoint="/api/auth/setup"
        submitLabel="Create admin"
        busyLabel="Creating the admin…"
        next="/"
      />
    </main>
  );
};

export default SetupPage;
