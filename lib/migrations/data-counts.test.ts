import { describe, expect, it } from "vitest";
import { compareCounts, minioObjectsOf, parseRowCounts } from "./data-counts";

describe("data counts", () => {
  it("reads psql's table rows and summary wherever the summary comes", () => {
    const counted = parseRowCounts("table|public.items|3|\ntable|public.users|2|\nsummary|2|5|abc\n");
    expect(counted).toEqual({
      ok: true,
      rows: { "public.items": 3, "public.users": 2 },
      digest: { tables: 2, rows: 5, md5: "abc" },
    });
    expect(parseRowCounts('psql: error: password authentication failed for user "app"')).toEqual({
      ok: false,
      reason: 'psql: error: password authentication failed for user "app"',
    });
  });

  it("counts MinIO objects as xl.meta files outside .minio.sys", () => {
    expect(
      minioObjectsOf([
        "data/bucket/a.txt/xl.meta",
        "data/bucket/dir/b.bin/xl.meta",
        "data/bucket/dir/b.bin/part.1",
        "data/.minio.sys/buckets/bucket/.metadata.bin/xl.meta",
        "data/.minio.sys/format.json",
      ]),
    ).toBe(2);
  });

  it("says equal only when every table's count matches, and names the tables that differ", () => {
    const before = { postgresRows: { "public.items": 3 }, postgresDigest: { tables: 1, rows: 3, md5: "m1" } };
    expect(
      compareCounts({
        before,
        after: { rows: { "public.items": 3 }, digest: { tables: 1, rows: 3, md5: "m1" } },
      }),
    ).toEqual({
      ok: true,
      detail: "1 tables, 3 rows: equal to A's before",
    });
    const differs = compareCounts({
      before,
      after: { rows: { "public.items": 0 }, digest: { tables: 1, rows: 0, md5: "m2" } },
    });
    expect(differs.ok).toBe(false);
    expect(differs.detail).toContain("public.items 3 → 0");
    expect(
      compareCounts({
        before: { postgresRows: null, postgresDigest: null },
        after: { rows: {}, digest: { tables: 0, rows: 0, md5: "x" } },
      }).ok,
    ).toBe(false);
  });
});
