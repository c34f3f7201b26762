import packageJson from "@/package.json" with { type: "json" };

/** The panel's version, from package.json. */
export const PANEL_VERSION: string = packageJson.version;
