// The report as PDF: its HTML document printed by headless Chromium (Debian's /usr/bin/chromium;
// PANEL_CHROMIUM names another), in a temporary folder removed afterwards. No network: the document
// is a local file with its styles inline.
import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { AppError } from "@/lib/errors";
import { globalSingleton } from "@/lib/global-singleton";

/** How long Chromium may take to print one report. */
export const PRINT_TIMEOUT_MS = 60_000;

const chromiumPath = (): string => process.env.PANEL_CHROMIUM ?? "/usr/bin/chromium";

/** Prints waiting behind the one running; beyond them a request is refused (each print is a Chromium of ~5 s). */
export const PRINT_QUEUE_LIMIT = 2;

/** The process's print line (one per process, whichever module graph prints: route handlers, server.ts). */
const queue = (): { printing: Promise<unknown>; waiting: number } =>
  globalSingleton("report-pdf-queue", () => ({ printing: Promise.resolve(), waiting: 0 }));

/**
 * Prints an HTML document to PDF bytes, one Chromium at a time (any viewer may ask, and each print
 * costs a browser's start): `too_many_requests` when PRINT_QUEUE_LIMIT prints already wait; an
 * AppError when Chromium is missing or fails.
 */
export const printPdf = (html: string): Promise<Buffer> => {
  const line = queue();
  if (line.waiting >= PRINT_QUEUE_LIMIT)
    return Promise.reject(
      new AppError(
        "too_many_requests",
        `${line.waiting} PDF reports are already being printed or waiting: ask again in a minute, or take format=md.`,
      ),
    );
  line.waiting += 1;
  const turn = line.printing.catch(() => undefined).then(() => printOne(html));
  line.printing = turn;
  return turn.finally(() => {
    line.waiting -= 1;
  });
};

const printOne = async (html: string): Promise<Buffer> => {
  const dir = await mkdtemp(path.join(tmpdir(), "ollamamax-report-"));
  try {
    const input = path.join(dir, "report.html");
    const output = path.join(dir, "report.pdf");
    await writeFile(input, html, "utf8");
    await new Promise<void>((resolve, reject) =>
      execFile(
        chromiumPath(),
        [
          "--headless",
          "--no-sandbox",
          "--disable-gpu",
          "--disable-dev-shm-usage",
          "--no-pdf-header-footer",
          `--user-data-dir=${path.join(dir, "profile")}`,
          `--print-to-pdf=${output}`,
          `file://${input}`,
        ],
        { timeout: PRINT_TIMEOUT_MS },
        (error, _stdout, stderr) =>
          error
            ? reject(
                new AppError(
                  "internal",
                  `Chromium (${chromiumPath()}) could not print the report: ${error.message}${stderr ? ` — ${stderr.trim().split("\n").at(-1)}` : ""}. Install Debian's chromium or set PANEL_CHROMIUM.`,
                ),
              )
            : resolve(),
      ),
    );
    return await readFile(output);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
};
