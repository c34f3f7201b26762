// A service's long-syntax `secrets:` / `configs:` grant may set uid, gid and mode. The panel honours
// mode on the files it writes itself (environment and content sources); a `file:` source is the
// host file bind-mounted read-only, whose owner and mode the Engine cannot change per mount, and no
// source gets an owner. Those are refused at their key rather than dropped.
import { asRecord, report, scalarText } from "./normalize-context";
import type { NormalizeContext } from "./normalize-context";

export const refuseGrantOptions = ({
  ctx,
  document,
  service,
  raw,
}: {
  ctx: NormalizeContext;
  document: Record<string, unknown>;
  service: string;
  raw: Record<string, unknown>;
}): void => {
  for (const section of ["secrets", "configs"] as const) {
    const definitions = asRecord(document[section]) ?? {};
    const grants = Array.isArray(raw[section]) ? (raw[section] as unknown[]) : [];
    grants.forEach((item, index) => {
      const grant = asRecord(item);
      if (!grant) return;
      const path = ["services", service, section, index];
      for (const key of ["uid", "gid"])
        if (grant[key] !== undefined)
          report({
            ctx,
            code: "unsupported_key",
            path: [...path, key],
            message: `${key} is not supported: the panel mounts ${section} files owned by the panel's user (Engine API 1.41 cannot chown a mount): remove it, or give the file a readable mode`,
          });
      const file = asRecord(definitions[scalarText(grant.source)])?.file;
      if (grant.mode !== undefined && file !== undefined)
        report({
          ctx,
          code: "unsupported_key",
          path: [...path, "mode"],
          message: `mode is not supported for a file source: the host file ${scalarText(file)} is bind-mounted read-only with its own mode (chmod it on the host, or use an environment or content source)`,
        });
    });
  }
};
