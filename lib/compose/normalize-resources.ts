import { asRecord, report, scalarText } from "./normalize-context";
import type { NormalizeContext } from "./normalize-context";
import type { Resources } from "./types";
import { parseCpus, parseMemoryBytes } from "./units";
import type { PathSegment } from "./yaml-source";

type Field = { value: unknown; path: PathSegment[] };

const cpusOf = (ctx: NormalizeContext, field: Field): number | null => {
  if (field.value === undefined || field.value === null) return null;
  const cpus = parseCpus({ value: typeof field.value === "number" ? field.value : scalarText(field.value) });
  if (cpus === null)
    report({
      ctx,
      code: "invalid_value",
      path: field.path,
      message: `invalid CPU count "${scalarText(field.value)}": use a decimal such as "0.5" or "2"`,
    });
  return cpus;
};

const memoryOf = (ctx: NormalizeContext, field: Field): number | null => {
  if (field.value === undefined || field.value === null) return null;
  const bytes = parseMemoryBytes({
    value: typeof field.value === "number" ? field.value : scalarText(field.value),
  });
  if (bytes === null) {
    report({
      ctx,
      code: "memory_size",
      path: field.path,
      message: `invalid memory size "${scalarText(field.value)}": use bytes or a number with b, k, m or g (binary units), e.g. "512M" or "1.5G"`,
    });
  }
  return bytes;
};

/** Prefers deploy.resources; falls back to the legacy key; warns when both disagree. */
const pick = (
  ctx: NormalizeContext,
  modern: number | null,
  legacy: number | null,
  path: PathSegment[],
): number | null => {
  if (modern !== null && legacy !== null && modern !== legacy) {
    report({
      ctx,
      code: "invalid_value",
      path,
      message: `differs from deploy.resources; deploy.resources wins`,
      warning: true,
    });
  }
  return modern ?? legacy;
};

/** Normalizes deploy.resources limits/reservations and the legacy `cpus` / `mem_limit` / `mem_reservation`. */
export const normalizeResources = ({
  ctx,
  service,
  path,
}: {
  ctx: NormalizeContext;
  service: Record<string, unknown>;
  path: PathSegment[];
}): Resources => {
  const resources = asRecord(asRecord(service.deploy)?.resources);
  const limits = asRecord(resources?.limits) ?? {};
  const reservations = asRecord(resources?.reservations) ?? {};
  const base = [...path, "deploy", "resources"];
  return {
    cpusLimit: pick(
      ctx,
      cpusOf(ctx, { value: limits.cpus, path: [...base, "limits", "cpus"] }),
      cpusOf(ctx, { value: service.cpus, path: [...path, "cpus"] }),
      [...path, "cpus"],
    ),
    memoryLimitBytes: pick(
      ctx,
      memoryOf(ctx, { value: limits.memory, path: [...base, "limits", "memory"] }),
      memoryOf(ctx, { value: service.mem_limit, path: [...path, "mem_limit"] }),
      [...path, "mem_limit"],
    ),
    cpusReservation: cpusOf(ctx, { value: reservations.cpus, path: [...base, "reservations", "cpus"] }),
    memoryReservationBytes: pick(
      ctx,
      memoryOf(ctx, { value: reservations.memory, path: [...base, "reservations", "memory"] }),
      memoryOf(ctx, { value: service.mem_reservation, path: [...path, "mem_reservation"] }),
      [...path, "mem_reservation"],
    ),
  };
};
