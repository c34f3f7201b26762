// What a Swarm deploy cannot do, refused by name before anything is checked or created: a deploy
// must not silently drop an option the operator chose (start from empty data, load balancer
// weights, a probe mode other than exec; a batch). Every entry point (the panel's /api/deploy
// and /api/batches, /api/v1/deploy and /api/v1/batches, the CLI through /api/v1) reaches these.
import { AppError } from "@/lib/errors";
import type { FieldProblem } from "@/lib/http/field-problems";
import type { TDeployRequest } from "./deploy-settings";

/** Why "start from empty data" is refused on a Swarm (shown by the deploy form too). */
export const SWARM_FRESH_DATA_REASON =
  "the named volumes live on the Swarm nodes (Swarm creates one on each node that ran a task mounting " +
  "it) and the data folders on each node's disk, while start from empty data clears one engine's " +
  "volumes and this machine's folders";

type SwarmOptions = Pick<TDeployRequest, "freshData" | "weights" | "probe">;

/** The request's options a Swarm deploy would ignore, one problem per field (empty: none). */
export const swarmDeployProblems = (request: SwarmOptions): FieldProblem[] => [
  ...(request.freshData
    ? [
        {
          path: "freshData",
          message:
            `start from empty data is not available with target swarm: ${SWARM_FRESH_DATA_REASON}. ` +
            "For a cold run, tear the Swarm deploy down with remove volumes (removeVolumes: true; it " +
            "removes the project's volumes on every node the panel reaches as an environment), then " +
            "deploy without freshData",
        },
      ]
    : []),
  ...(Object.keys(request.weights ?? {}).length > 0
    ? [
        {
          path: "weights",
          message:
            "load balancer weights are not available with target swarm: the panel generates the " +
            "load balancer's upstream for one engine's containers only, so on Swarm nginx keeps the " +
            "topology's own file and its weights; set them there, or leave weights out",
        },
      ]
    : []),
  ...(request.probe !== undefined && request.probe !== "exec"
    ? [
        {
          path: "probe",
          message:
            `probe "${request.probe}" is not available with target swarm: a Swarm deploy probes each ` +
            "task with its health command inside its container on its node's engine (exec); leave " +
            'probe out or send "exec"',
        },
      ]
    : []),
];

/** Throws a 400 naming each option a Swarm deploy cannot honour. */
export const assertSwarmDeployOptions = (request: SwarmOptions): void => {
  const problems = swarmDeployProblems(request);
  if (problems.length > 0)
    throw new AppError("bad_request", problems.map((p) => `${p.path}: ${p.message}`).join("; "), problems);
};

/** A batch ("run N times") deploys and tears down on one engine between rounds: not a Swarm's services. */
export const assertBatchTarget = (request: Pick<TDeployRequest, "target">): void => {
  if (request.target !== "swarm") return;
  const message =
    "Run N times is not available with target swarm: a batch tears down on one engine between rounds, " +
    "which would leave the Swarm services running; deploy to the swarm one run at a time";
  throw new AppError("bad_request", `target: ${message}`, [{ path: "target", message }]);
};
