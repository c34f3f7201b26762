import { describe, expect, it } from "vitest";
import { auditToCsv } from "@/lib/auth/audit-export";
import { csvField } from "./csv";

describe("CSV cells", () => {
  it("neutralises cells a spreadsheet would run as formulas", () => {
    expect(csvField('=HYPERLINK("http://evil")')).toBe(`"'=HYPERLINK(""http://evil"")"`);
    expect(csvField("+cmd|' /C calc'!A0")).toBe("'+cmd|' /C calc'!A0");
    expect(csvField("-2+3")).toBe("'-2+3");
    expect(csvField("@SUM(A1)")).toBe("'@SUM(A1)");
    expect(csvField("\t=1")).toBe("'\t=1");
    expect(csvField("\r=1")).toBe(`"'\r=1"`);
  });
  it("keeps plain text and numbers, negative ones included", () => {
    expect(csvField("ollama-node-1")).toBe("ollama-node-1");
    expect(csvField("-12.5")).toBe("-12.5");
    expect(csvField("a,b")).toBe('"a,b"');
  });
  it("applies to the audit export", () => {
    const csv = auditToCsv([
      {
        id: "1",
        at: new Date(0),
        actor: "=1+1",
        action: "user.create",
        target: "@x",
        detail: null,
        address: null,
        ok: true,
      },
    ]);
    expect(csv.split("\n")[1]).toBe("1970-01-01T00:00:00.000Z,'=1+1,user.create,'@x,true,,");
  });
});
