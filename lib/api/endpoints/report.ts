// GET /api/v1/topologies/{name}/report: the analysis report (docs/REPORT.md) as JSON, Markdown or
// PDF; `vs` names the topology to compare with.
import { z } from "zod";
import { AppError } from "@/lib/errors";
import { json } from "@/lib/http/respond";
import { reportHtmlDocument } from "@/lib/report/html";
import { loadReport } from "@/lib/report/load-report";
import { reportMarkdown } from "@/lib/report/markdown";
import { printPdf } from "@/lib/report/pdf";
import type { AnalysisReport } from "@/lib/report/types";
import { defineEndpoint } from "../endpoint";

export const REPORT_FORMATS = ["json", "md", "pdf"] as const;

const ZRunLink = z.object({ id: z.string(), href: z.string() });
const ZConditions = z.object({
  host: z.string(),
  engine: z.string(),
  fitMode: z.string(),
  dataState: z.string(),
  strategy: z.string(),
  n: z.number(),
  runs: z.array(ZRunLink),
});
const ms = z.number().nullable();
const ZBottlenecks = z.object({
  conditions: ZConditions,
  totalMs: ms,
  boundMs: z.number(),
  links: z.array(
    z.object({
      service: z.string(),
      waitedFor: z.string().nullable(),
      contributesMs: z.number(),
      ownMs: z.number(),
      waitingMs: z.number(),
      startingMs: z.number(),
      readyAtMs: z.number(),
      cpuLimitCores: z.number().nullable(),
      cpuAvgCores: z.number().nullable(),
      cpuPeakCores: z.number().nullable(),
      throttledRatio: z.number().nullable(),
      throttledMs: ms,
      memoryPeakBytes: z.number().nullable(),
      memoryLimitBytes: z.number().nullable(),
      memoryHeadroomRatio: z.number().nullable(),
    }),
  ),
  throttledOffPath: z.array(z.object({ service: z.string(), throttledRatio: z.number() })),
});
const ZLoadBalancer = z.object({
  service: z.string(),
  upstream: z.string(),
  source: z.enum(["generated", "shipped"]),
  targets: z.array(
    z.object({ service: z.string(), port: z.number(), weight: z.number(), sharePct: z.number() }),
  ),
});
const ZClaim = z.object({ text: z.string(), ratio: z.number(), label: z.literal("claim") });
const ZEvidence = z.object({
  experimentId: z.string(),
  name: z.string(),
  href: z.string(),
  baselineLabel: z.string(),
  variantLabel: z.string(),
  ratio: z.number(),
  ci: z.tuple([z.number(), z.number()]).nullable(),
  n: z.number(),
  baselineN: z.number(),
  sentence: z.string(),
  conditions: z.string(),
  runs: z.array(ZRunLink),
});

/** The report as the API answers it (format=json). */
export const ZAnalysisReport = z.object({
  name: z.string(),
  vs: z.string().nullable(),
  generatedAt: z.string(),
  architecture: z.object({
    networks: z.array(
      z.object({
        name: z.string(),
        driver: z.string(),
        internal: z.boolean(),
        subnets: z.array(z.string()),
        services: z.array(z.string()),
      }),
    ),
    shared: z.array(z.object({ services: z.tuple([z.string(), z.string()]), networks: z.array(z.string()) })),
    published: z.array(
      z.object({
        service: z.string(),
        hostIp: z.string(),
        hostPort: z.number().nullable(),
        containerPort: z.number(),
        protocol: z.string(),
      }),
    ),
    loadBalancer: ZLoadBalancer.nullable(),
  }),
  bottlenecks: ZBottlenecks.nullable(),
  vsBottlenecks: ZBottlenecks.nullable(),
  notMeasured: z.string().nullable(),
  staticPath: z.array(z.string()),
  recommendations: z.array(
    z.object({
      id: z.string(),
      service: z.string(),
      title: z.string(),
      trigger: z.string(),
      change: z.string(),
      apply: z.object({
        limits: z.record(
          z.string(),
          z.object({ cpus: z.number().optional(), memoryBytes: z.number().optional() }),
        ),
      }),
      predicted: z.object({ pathMs: z.number(), savedMs: z.number(), model: z.string() }).nullable(),
      conditions: ZConditions,
    }),
  ),
  risks: z.array(
    z.object({
      kind: z.enum([
        "single-point-of-failure",
        "no-health-check",
        "no-restart-policy",
        "data-without-volume",
        "port-beyond-loopback",
        "limit-above-host",
      ]),
      service: z.string(),
      onCriticalPath: z.boolean(),
      detail: z.string(),
    }),
  ),
  expectedImprovement: z.discriminatedUnion("measured", [
    z.object({ measured: z.literal(true), evidence: ZEvidence, claims: z.array(ZClaim) }),
    z.object({ measured: z.literal(false), command: z.string(), claims: z.array(ZClaim) }),
  ]),
}) satisfies z.ZodType<AnalysisReport>;

const TOPOLOGY_NAME = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$/, "a topology's folder name");

export const reportEndpoint = defineEndpoint(
  {
    method: "GET",
    path: "/topologies/{name}/report",
    tag: "topologies",
    summary:
      "The analysis report of a topology: architecture, bottlenecks, recommendations, risks, expected improvement",
    description:
      "From the newest healthy deploy (its measured critical path, per-service CPU, cgroup throttling and memory), the topology model, the load balancer's upstream and the newest finished experiment on the topology. Every figure carries its conditions and its runs. `vs` adds the other topology's measured path and looks for an experiment judging the pair.",
    access: "viewer",
    params: z.object({ name: z.string().describe("the topology's folder name") }),
    query: z.strictObject({
      format: z.enum(REPORT_FORMATS).default("json").describe("json (the envelope), md or pdf"),
      vs: TOPOLOGY_NAME.optional().describe("the topology to compare with (e.g. original)"),
    }),
    answers: [
      { status: 200, description: "the report (format=json)", kind: "envelope", data: ZAnalysisReport },
      { status: 200, description: "the report (format=md)", kind: "text", contentType: "text/markdown" },
      { status: 200, description: "the report (format=pdf)", kind: "text", contentType: "application/pdf" },
    ],
    errors: ["not_found"],
  },
  async ({ params, query, req }) => {
    const name = params.name ?? "";
    if (!TOPOLOGY_NAME.safeParse(name).success)
      throw new AppError("not_found", `No topology "${name}": GET /api/v1/topologies lists them.`);
    const report = await loadReport({ name, vs: query.vs ?? null });
    if (query.format === "json") return json(report);
    const markdown = reportMarkdown(report);
    const file = `${name}${report.vs ? `-vs-${report.vs}` : ""}-report`;
    if (query.format === "md")
      return new Response(markdown, {
        headers: {
          "content-type": "text/markdown; charset=utf-8",
          "content-disposition": `attachment; filename="${file}.md"`,
        },
      });
    const pdf = await printPdf(
      reportHtmlDocument({ title: `Analysis report: ${name}`, markdown, baseUrl: new URL(req.url).origin }),
    );
    return new Response(new Uint8Array(pdf), {
      headers: {
        "content-type": "application/pdf",
        "content-disposition": `attachment; filename="${file}.pdf"`,
      },
    });
  },
);
