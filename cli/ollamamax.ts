// Entry point of `npx ollamamax` (package.json "bin" → cli/bin.mjs, which loads this through tsx).
import { runCli } from "./program";

const code = await runCli({
  args: process.argv.slice(2),
  io: { out: process.stdout, err: process.stderr, env: process.env },
});
process.exitCode = code;
