// The panel's /api/v1 over HTTP with a bearer token: the envelope unwrapped, failures turned into
// CliErrors whose exit codes say whose fault it was (docs/CLI.md).
import { CliError, EXIT, type ExitCode } from "./exit-codes";

export type PanelClientOptions = { url: string; token: string };

export type RequestOptions = {
  method?: "GET" | "POST";
  path: string;
  body?: unknown;
  /** Accept header; JSON unless asked otherwise. */
  accept?: string;
};

type Envelope<T> =
  { ok: true; data: T } | { ok: false; error: { code: string; message: string; details?: unknown } };

const exitForStatus = (status: number): ExitCode =>
  status === 401 || status === 403
    ? EXIT.auth
    : status === 400 || status === 404 || status === 413
      ? EXIT.usage
      : EXIT.failed;

/** Why fetch itself failed, in words (connection refused, unknown host, timeout). */
const unreachable = (url: string, error: unknown): CliError => {
  const cause = (error as { cause?: { code?: string; message?: string } })?.cause;
  const why = cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error));
  return new CliError(
    `The panel at ${url} does not answer (${why}): check PANEL_URL (or --url) and that the panel runs.`,
    EXIT.unreachable,
  );
};

export type PanelClient = {
  readonly url: string;
  /** Sends a request and returns `data` of a JSON envelope; throws a CliError on any failure. */
  json: <T>(options: RequestOptions) => Promise<T>;
  /** Sends a request and returns the body as text (csv, markdown); errors as for `json`. */
  text: (options: RequestOptions) => Promise<string>;
  /** Sends a request and returns the open response (event streams); errors as for `json`. */
  open: (options: RequestOptions) => Promise<Response>;
};

/** A client for one panel and token. */
export const createPanelClient = ({ url, token }: PanelClientOptions): PanelClient => {
  const base = url.replace(/\/+$/, "");
  const send = async ({ method = "GET", path, body, accept }: RequestOptions): Promise<Response> => {
    let response: Response;
    try {
      response = await fetch(`${base}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          accept: accept ?? "application/json",
          ...(body === undefined ? {} : { "content-type": "application/json" }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch (error) {
      throw unreachable(base, error);
    }
    if (response.ok) return response;
    const text = await response.text();
    let envelope: Envelope<unknown> | null = null;
    try {
      envelope = JSON.parse(text) as Envelope<unknown>;
    } catch {
      // Not the panel's envelope: a proxy's page, or another server on that port.
    }
    if (!envelope || envelope.ok !== false || !envelope.error)
      throw new CliError(
        `${base}${path} answered ${response.status} without the panel's error envelope: is PANEL_URL an OllamaMax panel (with /api/v1)?`,
        EXIT.unreachable,
      );
    const { code, message } = envelope.error;
    throw new CliError(`${message} (${response.status} ${code})`, exitForStatus(response.status));
  };
  return {
    url: base,
    json: async <T>(options: RequestOptions): Promise<T> => {
      const response = await send(options);
      const envelope = (await response.json().catch(() => null)) as Envelope<T> | null;
      if (!envelope || envelope.ok !== true)
        throw new CliError(
          `${base}${options.path} did not answer the panel's JSON envelope.`,
          EXIT.unreachable,
        );
      return envelope.data;
    },
    text: async (options) => (await send(options)).text(),
    open: send,
  };
};
