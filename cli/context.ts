// What every command needs: the panel client (from --url/--token or PANEL_URL/PANEL_TOKEN) and
// where to write.
import { CliError, EXIT } from "./exit-codes";
import { createPanelClient, type PanelClient } from "./panel-client";

export type CliIo = {
  out: NodeJS.WritableStream & { isTTY?: boolean };
  err: NodeJS.WritableStream;
  env: Record<string, string | undefined>;
};

export type GlobalOptions = { url?: string; token?: string; progress?: boolean };

/** The client for the panel the options or the environment name; refuses missing values. */
export const clientFor = ({ options, env }: { options: GlobalOptions; env: CliIo["env"] }): PanelClient => {
  const url = options.url ?? env.PANEL_URL;
  const token = options.token ?? env.PANEL_TOKEN;
  if (!url)
    throw new CliError(
      "No panel to talk to: set PANEL_URL (e.g. http://127.0.0.1:4600) or pass --url.",
      EXIT.usage,
    );
  if (!/^https?:\/\//.test(url))
    throw new CliError(`PANEL_URL must start with http:// or https:// (got "${url}").`, EXIT.usage);
  if (!token)
    throw new CliError(
      "No API token: create one under Settings → API tokens and set PANEL_TOKEN (or pass --token).",
      EXIT.auth,
    );
  return createPanelClient({ url, token });
};
