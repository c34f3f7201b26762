// /api/v1 refuses bad input: a table of wrong values per route must answer 4xx naming the field,
// and a generic table of garbage (bodies, queries, path ids) over every endpoint must never answer
// 5xx. Every answer is checked against the OpenAPI document; every route must have answered an error.
import { describe, expect, it } from "vitest";
import { apiClient, as, expectRefused, name, setUpApiPanel, type Caller } from "./fixtures/api-v1-panel";
import type { ApiCall } from "./fixtures/api-v1-client";

setUpApiPanel();

describe("/api/v1 input", () => {
  it("refuses bad input on every route with a 4xx naming the field, never a 5xx", async () => {
    const deploy = (body: unknown): ApiCall => ({ method: "POST", path: "/api/v1/deploy", body });
    const addChannel = (body: unknown): ApiCall => ({ method: "POST", path: "/api/v1/alert-channels", body });
    const smtpTo = { name: "m", host: "smtp.example", from: "panel@example.org", to: ["ops@example.org"] };
    const table: [Caller, ApiCall, string | null, number?][] = [
      ["viewer", { method: "GET", path: "/api/v1/openapi.json?x=1" }, "x"],
      ["viewer", { method: "GET", path: "/api/v1/status" }, "topology"],
      ["viewer", { method: "GET", path: `/api/v1/topologies/${name}?fit=tight` }, "fit"],
      ["viewer", { method: "GET", path: `/api/v1/status?topology=${name}&verbose=1` }, "verbose"],
      ["viewer", { method: "GET", path: "/api/v1/status?topology=no-such" }, null, 404],
      ["operator", deploy({}), "topology"],
      ["operator", deploy({ topology: name }), "strategy"],
      ["operator", deploy({ topology: name, strategy: "fastest" }), "strategy"],
      ["operator", deploy({ topology: name, strategy: "dag", colour: "red" }), "colour"],
      [
        "operator",
        deploy({ topology: name, strategy: "dag", tuning: { NOT_A_VAR: "1" } }),
        "tuning.NOT_A_VAR",
      ],
      [
        "operator",
        deploy({ topology: name, strategy: "dag", tuning: { PIPELINE_DEPTH: 1e9 } }),
        "tuning.PIPELINE_DEPTH",
      ],
      [
        "operator",
        deploy({ topology: name, strategy: "dag", health: { intervalS: "soon" } }),
        "health.intervalS",
      ],
      ["operator", deploy({ topology: name, strategy: "dag", weights: { leader: 0 } }), "weights.leader"],
      ["operator", deploy({ topology: name, strategy: "dag", weights: { bogus: 1 } }), "weights.bogus"],
      ["operator", deploy({ topology: name, strategy: "dag", fitToHost: true }), "fitToHost"],
      ["operator", deploy({ topology: name, strategy: "dag", probeIntervalMs: -5 }), "probeIntervalMs"],
      [
        "operator",
        deploy({ topology: name, strategy: "dag", limits: { web: { cpus: 0 } } }),
        "limits.web.cpus",
      ],
      // A service the topology does not have: judged once the file is read, still before anything runs.
      [
        "operator",
        deploy({ topology: name, strategy: "dag", limits: { nosuch: { cpus: 1 } } }),
        "limits.nosuch",
      ],
      [
        "operator",
        { method: "POST", path: "/api/v1/batches", body: { topology: name, strategy: "dag", times: 1 } },
        "times",
      ],
      [
        "operator",
        { method: "POST", path: "/api/v1/batches", body: { topology: name, strategy: "dag" } },
        "times",
      ],
      [
        "operator",
        {
          method: "POST",
          path: "/api/v1/batches",
          body: { topology: name, strategy: "dag", times: 2, n: 3 },
        },
        "n",
      ],
      ["operator", deploy([]), "body"],
      ["operator", deploy(null), "body"],
      ["operator", { method: "POST", path: "/api/v1/deploy", rawBody: "{not json" }, null],
      ["operator", deploy({ topology: "no-such-topology", strategy: "dag" }), null, 404],
      [
        "operator",
        { method: "POST", path: "/api/v1/teardown", body: { topology: name, removeVolumes: "yes" } },
        "removeVolumes",
      ],
      [
        "operator",
        { method: "POST", path: "/api/v1/teardown", body: { topology: name, force: true } },
        "force",
      ],
      ["operator", { method: "POST", path: "/api/v1/teardown", body: {} }, "topology"],
      ["operator", { method: "POST", path: "/api/v1/scale", body: { topology: name, count: 99 } }, "count"],
      [
        "operator",
        { method: "POST", path: "/api/v1/scale", body: { topology: name, direction: "sideways" } },
        "direction",
      ],
      ["operator", { method: "POST", path: "/api/v1/scale", body: { topology: name, count: 1.5 } }, "count"],
      ["operator", { method: "POST", path: "/api/v1/latency", body: { topology: name } }, "requests"],
      [
        "operator",
        {
          method: "POST",
          path: "/api/v1/latency",
          body: { topology: name, requests: 0, concurrency: 1, durationS: 1 },
        },
        "requests",
      ],
      [
        "operator",
        {
          method: "POST",
          path: "/api/v1/latency",
          body: { topology: name, requests: 5, concurrency: 1, durationS: 1, rps: 3 },
        },
        "rps",
      ],
      ["operator", { method: "POST", path: "/api/v1/runs/no-such-run/cancel" }, null, 404],
      ["viewer", { method: "GET", path: "/api/v1/runs?limit=abc" }, "limit"],
      ["viewer", { method: "GET", path: "/api/v1/runs?limit=1e308" }, "limit"],
      ["viewer", { method: "GET", path: "/api/v1/runs?outcome=succeeded" }, "outcome"],
      ["viewer", { method: "GET", path: "/api/v1/runs?kind=party" }, "kind"],
      ["viewer", { method: "GET", path: "/api/v1/runs?environment=" }, "environment"],
      ["viewer", { method: "GET", path: "/api/v1/runs?page=2" }, "page"],
      ["viewer", { method: "GET", path: "/api/v1/runs?cursor=bm90LWpzb24" }, "cursor"],
      ["viewer", { method: "GET", path: "/api/v1/runs/no-such-run" }, null, 404],
      ["viewer", { method: "GET", path: "/api/v1/runs/no-such-run/events" }, null, 404],
      ["viewer", { method: "GET", path: "/api/v1/runs/no-such-run/events?limit=-1" }, "limit"],
      ["viewer", { method: "GET", path: "/api/v1/compare" }, "ids"],
      ["viewer", { method: "GET", path: "/api/v1/compare?ids=a" }, "ids"],
      ["viewer", { method: "GET", path: "/api/v1/compare?ids=a,b&format=pdf" }, "format"],
      ["viewer", { method: "GET", path: "/api/v1/compare?ids=no-such-a,no-such-b" }, "ids", 404],
      [
        "admin",
        { method: "POST", path: "/api/v1/environments", body: { name: "x", url: "http://x" } },
        "url",
      ],
      [
        "admin",
        { method: "POST", path: "/api/v1/environments", body: { name: "Bad Name", url: "unix:///x" } },
        "name",
      ],
      [
        "admin",
        { method: "POST", path: "/api/v1/environments", body: { name: "x", url: "unix:///x", colour: 1 } },
        "colour",
      ],
      [
        "operator",
        { method: "POST", path: "/api/v1/environments", body: { name: "x", url: "unix:///x" } },
        null,
        403,
      ],
      ["admin", { method: "POST", path: "/api/v1/environments/no-such-env/test" }, null, 404],
      ["admin", { method: "DELETE", path: "/api/v1/environments/no-such-env" }, null, 404],
      ["operator", { method: "POST", path: `/api/v1/topologies/${name}/backups`, body: {} }, "topology"],
      [
        "operator",
        { method: "POST", path: `/api/v1/topologies/${name}/backups`, body: { pause: 1 } },
        "pause",
      ],
      ["operator", { method: "POST", path: "/api/v1/topologies/no-such/backups", body: {} }, null, 404],
      ["viewer", { method: "GET", path: "/api/v1/backups?topology=" }, "topology"],
      [
        "operator",
        { method: "POST", path: "/api/v1/backups/no-such/restore", body: { confirm: "yes" } },
        "confirm",
      ],
      [
        "operator",
        { method: "POST", path: "/api/v1/backups/no-such/restore", body: { confirm: true } },
        null,
        404,
      ],
      ["admin", { method: "DELETE", path: "/api/v1/backups/no-such" }, null, 404],
      ["viewer", { method: "GET", path: `/api/v1/stats/history?topology=${name}&from=2000&to=1000` }, "from"],
      ["viewer", { method: "GET", path: `/api/v1/stats/history?topology=${name}&to=yesterday` }, "to"],
      ["viewer", { method: "GET", path: "/api/v1/stats/history?topology=no-such" }, null, 404],
      [
        "viewer",
        { method: "GET", path: `/api/v1/stats/history?topology=${name}&environment=no-such-engine` },
        "environment",
      ],
      ["viewer", { method: "GET", path: `/api/v1/logs?topology=${name}&q=says%20(hello&regex=true` }, "q"],
      ["viewer", { method: "GET", path: `/api/v1/logs?topology=${name}&stream=stdin` }, "stream"],
      ["viewer", { method: "GET", path: `/api/v1/logs?topology=${name}&since=later` }, "since"],
      ["viewer", { method: "GET", path: "/api/v1/alerts?status=closed" }, "status"],
      ["viewer", { method: "GET", path: "/api/v1/alerts?cursor=nope" }, "cursor"],
      [
        "admin",
        {
          method: "POST",
          path: "/api/v1/alert-channels",
          body: { kind: "webhook", name: "w", url: "file:///etc/passwd" },
        },
        "url",
      ],
      [
        "admin",
        {
          method: "POST",
          path: "/api/v1/alert-channels",
          body: { kind: "ntfy", name: "n", url: "ftp://ntfy.example/t" },
        },
        "url",
      ],
      ["admin", addChannel({ kind: "email", ...smtpTo, port: 0 }), "port"],
      ["admin", addChannel({ kind: "email", ...smtpTo, port: 65536 }), "port"],
      [
        "admin",
        { method: "POST", path: "/api/v1/alert-channels", body: { kind: "pager", name: "p" } },
        "kind",
      ],
      [
        "operator",
        {
          method: "POST",
          path: "/api/v1/alert-channels",
          body: { kind: "webhook", name: "w", url: "https://x.example" },
        },
        null,
        403,
      ],
      ["viewer", { method: "GET", path: "/api/v1/alert-channels" }, null, 403],
      ["admin", { method: "POST", path: "/api/v1/alert-channels/no-such/test" }, null, 404],
      ["admin", { method: "DELETE", path: "/api/v1/alert-channels/no-such" }, null, 404],
      [
        "admin",
        { method: "POST", path: "/api/v1/alert-rules/fixture", body: { unhealthy: { threshold: 0 } } },
        "unhealthy.threshold",
      ],
      [
        "admin",
        { method: "POST", path: "/api/v1/alert-rules/fixture", body: { restart_loop: { threshold: -2 } } },
        "restart_loop.threshold",
      ],
      [
        "admin",
        { method: "POST", path: "/api/v1/alert-rules/*", body: { data_root_full: { threshold: 150 } } },
        "data_root_full.threshold",
      ],
      [
        "admin",
        { method: "POST", path: "/api/v1/alert-rules/fixture", body: { bogus: { enabled: false } } },
        "bogus",
      ],
      [
        "operator",
        { method: "POST", path: "/api/v1/alert-rules/fixture", body: { unhealthy: { enabled: false } } },
        null,
        403,
      ],
      ["operator", { method: "POST", path: "/api/v1/migrations", body: { from: name, to: name } }, "to"],
      [
        "operator",
        { method: "POST", path: "/api/v1/migrations", body: { from: "no-such", to: name } },
        "from",
      ],
      ["viewer", { method: "GET", path: "/api/v1/migrations/no-such" }, null, 404],
    ];
    for (const [role, call, field, status] of table) await expectRefused(role, call, field, status);
    // A body over the limit is refused before it is read.
    const huge = await as("operator", {
      method: "POST",
      path: "/api/v1/teardown",
      rawBody: `{"topology":"${"x".repeat(1_100_000)}"}`,
    });
    expect(huge.status).toBe(413);
  });

  it("answers garbage on every route, body, query and path, with a 4xx, never a 5xx", async () => {
    const { API_V1_ENDPOINTS } = await import("@/lib/api/registry");
    const bodies: (string | undefined)[] = [
      undefined,
      "",
      "x",
      "1",
      "true",
      "[]",
      "{}",
      '{"__proto__":{"polluted":1}}',
      '{"topology":{"$gt":""},"strategy":"dag"}',
      '{"topology":"../../etc","strategy":"dag","requests":1,"concurrency":1,"durationS":1}',
      `{"topology":"${"\u0000".repeat(3)}"}`,
      `${"[".repeat(5000)}${"]".repeat(5000)}`,
      '{"count":1e309,"topology":"x"}',
    ];
    const queries = [
      "",
      "?limit=NaN",
      `?cursor=${"A".repeat(600)}`,
      "?%ff=1",
      "?topology=%00",
      "?ids=,,,&format=",
    ];
    const ids = ["..%2F..%2Fetc", "a".repeat(300), "'%3B%20DROP%20TABLE%20Run%3B--", "%F0%9F%92%A5"];
    let calls = 0;
    for (const { spec } of API_V1_ENDPOINTS) {
      const paths = ids.map((id) => `/api/v1${spec.path.replace(/\{\w+\}/, id)}`);
      for (const path of spec.path.includes("{") ? paths : [`/api/v1${spec.path}`])
        for (const query of queries)
          for (const rawBody of spec.method === "GET" ? [undefined] : bodies) {
            const role = spec.access === "public" || spec.access === "viewer" ? "viewer" : "operator";
            const answer = await as(role, { method: spec.method, path: `${path}${query}`, rawBody });
            calls += 1;
            expect(
              answer.status,
              `${spec.method} ${path}${query} ${rawBody ?? ""}: ${answer.text.slice(0, 300)}`,
            ).toBeLessThan(500);
            if (answer.status === 400)
              expect(
                (answer.body as { error: { details?: unknown } }).error.details,
                answer.text,
              ).toBeDefined();
          }
    }
    expect(calls).toBeGreaterThan(300);
  });

  it("has checked an error answer of every route in the document", () => {
    expect(apiClient().uncovered("error")).toEqual([]);
  });
});
