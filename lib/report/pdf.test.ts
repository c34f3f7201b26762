// The PDF printer runs one Chromium at a time and refuses beyond its queue; here "Chromium" is a
// script that logs its start and end and writes the --print-to-pdf file, so overlap would show.
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { isAppError } from "@/lib/errors";
import { PRINT_QUEUE_LIMIT, printPdf } from "./pdf";

const dir = mkdtempSync(path.join(tmpdir(), "pdf-test-"));
const log = path.join(dir, "log");
const fake = path.join(dir, "chromium");
writeFileSync(
  fake,
  `#!/bin/sh
echo start >> ${log}
for a in "$@"; do case "$a" in --print-to-pdf=*) out="\${a#--print-to-pdf=}";; esac; done
sleep 0.3
printf '%%PDF-fake' > "$out"
echo end >> ${log}
`,
);
chmodSync(fake, 0o755);
process.env.PANEL_CHROMIUM = fake;
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("printPdf", () => {
  it("prints one at a time and refuses a print beyond its queue with too_many_requests", async () => {
    const asked = Array.from({ length: PRINT_QUEUE_LIMIT + 1 }, (_, i) =>
      printPdf(`<p>${i}</p>`).then(
        (bytes) => bytes.toString(),
        (error: unknown) => (isAppError(error) ? error.code : String(error)),
      ),
    );
    const answers = await Promise.all(asked);
    expect(answers.slice(0, PRINT_QUEUE_LIMIT)).toEqual(Array(PRINT_QUEUE_LIMIT).fill("%PDF-fake"));
    expect(answers.at(-1)).toBe("too_many_requests");
    // Never two at once: every start is followed by its end.
    expect(readFileSync(log, "utf8").trim().split("\n")).toEqual(
      Array(PRINT_QUEUE_LIMIT).fill(["start", "end"]).flat(),
    );
    // Once the queue has drained, a print is taken again.
    expect((await printPdf("<p>again</p>")).toString()).toBe("%PDF-fake");
  });
});
