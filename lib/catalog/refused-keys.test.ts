// What POST /api/topologies answers for a file with a key the panel does not apply: a 400 that
// names the key, the service and the line, and nothing written; a host-reaching key the panel
// applies is judged by the deploy policy instead (operators refused, with its rule).
import { existsSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { isAppError } from "@/lib/errors";
import { addTopology } from "./add-topology";
import { TOPOLOGIES_ROOT } from "./topologies";

const name = `cmpkeys-${process.pid}`;

const refusal = (text: string): { code: string; message: string } => {
  try {
    addTopology({ name, text });
  } catch (error) {
    if (!isAppError(error)) throw error;
    return { code: error.code, message: error.message };
  }
  throw new Error("the file was accepted");
};

describe("adding a file with keys the panel does not apply", () => {
  it("refuses it naming key, service and line, and writes nothing", () => {
    const answer = refusal(
      ["services:", "  web:", "    image: busybox", "    links: [db]", "  db:", "    image: busybox"].join(
        "\n",
      ),
    );
    expect(answer.code).toBe("bad_request");
    expect(answer.message).toMatch(/line 4: services\.web\.links: links is not supported: /);
    expect(existsSync(join(TOPOLOGIES_ROOT, name))).toBe(false);
  });

  it("sends an applied host-reaching key (uts: host) to the deploy policy, not to a load error", () => {
    const answer = refusal(["services:", "  web:", "    image: busybox", "    uts: host"].join("\n"));
    expect(answer.message).toMatch(/line 4: services\.web\.uts: .*\(rule uts_host;/);
    expect(existsSync(join(TOPOLOGIES_ROOT, name))).toBe(false);
  });
});
