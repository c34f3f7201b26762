// The analysis report from its input: architecture, bottlenecks, recommendations, risks and the
// expected improvement (an experiment's verdict, else "not measured" with the command that measures
// it; the guide's claims beside it, labelled as claims). Pure.
import { GUIDE_STARTUP_CLAIMS } from "@/lib/operations/experiment-definition";
import { architectureOf } from "./architecture";
import { bottlenecksOf } from "./bottlenecks";
import { recommendationsOf } from "./recommendations";
import { risksOf } from "./risks";
import type { AnalysisReport, ExpectedImprovement, ReportInput } from "./types";

/** The command that measures the improvement of `name` over `vs` (or over the shipped original). */
export const measureCommand = ({ name, vs }: { name: string; vs: string | null }): string => {
  const baseline = vs ?? (name === "original" ? null : "original");
  return baseline === null
    ? `ollamamax experiment run --name "${name}: sequential vs dag" --variant ${name}/sequential --variant ${name}/dag --wait`
    : `ollamamax experiment run --name "${baseline} vs ${name}" --variant ${baseline}/sequential --variant ${name}/dag --wait`;
};

const expectedImprovementOf = (input: ReportInput): ExpectedImprovement => {
  const claims = GUIDE_STARTUP_CLAIMS.map((c) => ({ text: c.text, ratio: c.ratio, label: "claim" as const }));
  return input.experiment
    ? { measured: true, evidence: input.experiment, claims }
    : { measured: false, command: measureCommand({ name: input.name, vs: input.vs }), claims };
};

/** The whole report; `now` is when it was generated (ISO). */
export const buildReport = ({ input, now }: { input: ReportInput; now: string }): AnalysisReport => {
  const bottlenecks = input.run ? bottlenecksOf(input.run) : null;
  const measuredPath = bottlenecks?.links.map((l) => l.service) ?? null;
  return {
    name: input.name,
    vs: input.vs,
    generatedAt: now,
    architecture: architectureOf({
      services: input.topology.services,
      networks: input.topology.networks,
      loadBalancer: input.loadBalancer,
    }),
    bottlenecks,
    vsBottlenecks: input.vsRun ? bottlenecksOf(input.vsRun) : null,
    notMeasured: bottlenecks
      ? null
      : `No healthy deploy of ${input.name} with a complete measured path is stored: deploy it (ollamamax deploy --topology ${input.name} --strategy dag --wait) and the report measures its path.`,
    staticPath: input.staticPath,
    recommendations: recommendationsOf({ bottlenecks, hostCpus: input.run?.hostCpus ?? input.host.cpus }),
    risks: risksOf({
      services: input.topology.services,
      criticalPath: measuredPath ?? input.staticPath,
      host: {
        cpus: input.run?.hostCpus ?? input.host.cpus,
        memoryBytes: input.run?.hostMemoryBytes ?? input.host.memoryBytes,
      },
    }),
    expectedImprovement: expectedImprovementOf(input),
  };
};
