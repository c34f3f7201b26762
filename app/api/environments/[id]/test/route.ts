import { json } from "@/lib/http/respond";
import { route } from "@/lib/http/route";
import { testEnvironment } from "@/lib/operations/environments";

/** Tests an environment's connection now: version, CPUs, memory, swarm state, or the error (admin). */
export const POST = route({ access: "admin" }, async ({ params }) =>
  json(await testEnvironment(params.id ?? "")),
);
