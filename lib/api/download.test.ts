import { describe, expect, it } from "vitest";
import { downloadAnswer } from "./download";

describe("downloadAnswer", () => {
  it("types the file by its extension and names it for the browser", async () => {
    const answer = downloadAnswer({ body: "a,b\n1,2\n", name: "ollamamax-run-r1", extension: "csv" });
    expect(answer.status).toBe(200);
    expect(answer.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(answer.headers.get("content-disposition")).toBe('attachment; filename="ollamamax-run-r1.csv"');
    expect(await answer.text()).toBe("a,b\n1,2\n");
    expect(downloadAnswer({ body: "{}", name: "x", extension: "json" }).headers.get("content-type")).toBe(
      "application/json; charset=utf-8",
    );
  });
});
