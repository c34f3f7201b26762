#!/usr/bin/env node
// `npx ollamamax` from the repository: registers tsx (a dependency) and runs the TypeScript CLI.
import { register } from "tsx/esm/api";

register();
await import("./ollamamax.ts");
