"use client";

export type ApiAnswer<T> = { ok: true; data: T } | { ok: false; error: { code: string; message: string } };

/** Calls the panel's JSON API from the browser and returns its envelope (never throws on HTTP errors). */
export const callApi = async <T>(
  path: string,
  init: { method?: string; body?: unknown } = {},
): Promise<ApiAnswer<T>> => {
  try {
    const response = await fetch(path, {
      method: init.method ?? (init.body === undefined ? "GET" : "POST"),
      headers: init.body === undefined ? undefined : { "content-type": "application/json" },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
    return (await response.json()) as ApiAnswer<T>;
  } catch {
    return { ok: false, error: { code: "network", message: "The panel did not answer. Is it running?" } };
  }
};
