import { EnvironmentRowActions } from "@/components/environments/environment-row-actions";
import { NewEnvironmentForm } from "@/components/environments/new-environment-form";
import { requirePageRole } from "@/lib/auth/page";
import { environmentsForDisplay } from "@/lib/operations/environments";
import { credentialsText, lastCheckText } from "@/lib/runs/environment-view";

export const dynamic = "force-dynamic";

/** The Docker engines the panel deploys to: everyone sees them (never credentials); admins add, test and remove. */
const EnvironmentsPage = async () => {
  const principal = await requirePageRole("viewer");
  const admin = principal.role === "admin";
  const environments = await environmentsForDisplay();
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-semibold">Environments</h1>
      <p className="text-sm text-zinc-500">
        Docker engines the panel deploys to. <b>local</b> is the panel&apos;s own engine (DOCKER_HOST).
        Credentials are stored encrypted and never shown again.
      </p>
      {admin ? (
        <NewEnvironmentForm />
      ) : (
        <p className="text-sm text-zinc-500" data-testid="environments-admin-only">
          Only an admin adds or removes environments.
        </p>
      )}
      <table className="w-full text-left text-sm" aria-label="Environments">
        <thead className="text-zinc-500">
          <tr>
            <th className="py-2">Name</th>
            <th>URL</th>
            <th>Kind</th>
            <th>Credentials</th>
            <th>Last check</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {environments.map((env) => (
            <tr
              key={env.id}
              className="border-t border-zinc-200 dark:border-zinc-800"
              data-testid={`environment-${env.name}`}
            >
              <td className="py-2 font-medium">{env.name}</td>
              <td className="font-mono text-xs">{env.url}</td>
              <td>{env.kind}</td>
              <td className="break-all text-xs">{credentialsText(env)}</td>
              <td className="text-xs">{lastCheckText(env)}</td>
              <td>{admin && env.id !== "local" && <EnvironmentRowActions id={env.id} name={env.name} />}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
};

export default EnvironmentsPage;
