/** `&environment=<name>` for the API's reads, or "" for the panel's own engine. */
export const environmentQuery = (environment: string | undefined): string =>
  environment && environment !== "local" ? `&environment=${encodeURIComponent(environment)}` : "";
