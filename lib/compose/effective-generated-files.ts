// The secrets and configs the deployer writes itself (an `environment:` or `content:` source,
// lib/deploy/generated-files.ts), written back for the effective file as the grants and top-level
// definitions Compose v2 mounts the same way. File-sourced ones are plain read-only binds already.
import { Scalar } from "yaml";
import type { GeneratedFile, Service } from "./types";

type Kind = GeneratedFile["kind"];
const SECTION = { secret: "secrets", config: "configs" } as const;

/** A mode as the octal literal Compose reads (0440), not its decimal value. */
const octal = (mode: number): Scalar => Object.assign(new Scalar(mode), { format: "OCT" });

/** One service's grants of the given kind: source, absolute target and mode. */
export const generatedGrants = (service: Service, kind: Kind): Record<string, unknown>[] =>
  (service.generatedFiles ?? [])
    .filter((file) => file.kind === kind)
    .map((file) => ({ source: file.name, target: file.target, mode: octal(file.mode) }));

/** The top-level `secrets:` and `configs:` every generated file of the project comes from. */
export const generatedDefinitions = (services: Service[]): Record<string, Record<string, unknown>> => {
  const out: Record<string, Record<string, unknown>> = {};
  for (const file of services.flatMap((service) => service.generatedFiles ?? [])) {
    const section = (out[SECTION[file.kind]] ??= {});
    section[file.name] =
      file.source.type === "environment"
        ? { environment: file.source.variable }
        : { content: file.source.text };
  }
  return out;
};

export { SECTION as GENERATED_SECTIONS };
