// CSV quoting shared by the exports (RFC 4180: a field with a quote, comma or newline is quoted).

/** One CSV field: quoted (inner quotes doubled) when it holds `"`, `,` or a newline. */
export const csvField = (text: string): string =>
  /[",\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
