// CSV quoting shared by the exports (RFC 4180: a field with a quote, comma or newline is quoted),
// with spreadsheet formula injection neutralised.

// A cell starting with one of these is run as a formula by Excel, LibreOffice and Sheets.
const FORMULA_START = /^[=+\-@\t\r]/;
const PLAIN_NUMBER = /^-?\d+(\.\d+)?(e[+-]?\d+)?$/i;

/**
 * One CSV field: a text that a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab, CR
 * first) gets a leading `'` (OWASP's advice; plain negative numbers stay numbers), then it is
 * quoted (inner quotes doubled) when it holds `"`, `,`, a CR or a newline.
 */
export const csvField = (text: string): string => {
  const safe = FORMULA_START.test(text) && !PLAIN_NUMBER.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
};
