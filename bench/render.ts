// Re-renders a stored bench report's Markdown from its JSON (after a note or an explanation was
// added): npx tsx bench/render.ts [name=latest] ["note to add"]
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { explainTargets } from "./lib/explain";
import { reportMarkdown, type Report } from "./lib/report";

const name = process.argv[2] ?? "latest";
const note = process.argv[3];
const file = path.resolve("bench", "reports", `${name}.json`);
const report = JSON.parse(readFileSync(file, "utf8")) as Report;
if (note && !report.notes.includes(note)) report.notes.push(note);
explainTargets(report);
writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
writeFileSync(file.replace(/\.json$/, ".md"), reportMarkdown(report));
execFileSync("npx", ["prettier", "--write", file, file.replace(/\.json$/, ".md")], { stdio: "ignore" });
console.log(`re-rendered ${path.relative(process.cwd(), file.replace(/\.json$/, ".md"))}`);
