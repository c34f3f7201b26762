/**
 * Cross-site request check for cookie-authenticated state changes: a browser always sends Origin
 * on such requests, and it must name this panel. Requests without Origin (curl, scripts) pass: they
 * carry no ambient browser cookies an attacker could ride on.
 */
export const isCrossSite = ({
  origin,
  host,
  secFetchSite,
}: {
  origin: string | null;
  host: string | null;
  secFetchSite: string | null;
}): boolean => {
  if (secFetchSite === "cross-site") return true;
  if (!origin) return false;
  try {
    return new URL(origin).host !== host;
  } catch {
    return true;
  }
};

export const STATE_CHANGING = new Set(["POST", "PUT", "PATCH", "DELETE"]);
