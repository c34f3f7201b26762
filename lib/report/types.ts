// The analysis report's input (what stored runs, the topology model and the load balancer binding
// hold) and its output (what the JSON, Markdown, page and PDF show). Plain data both ways, so the
// rules are pure functions tested on fixtures.
import type { Service, Topology } from "@/lib/compose/types";
import type { MeasuredCriticalPath } from "@/lib/runs/measured-critical-path";

/** A stored run a figure came from: its id and the page that shows it. */
export type RunLink = { id: string; href: string };

/** What a figure depends on besides the topology: the report prints it beside every figure. */
export type FigureConditions = {
  host: string;
  engine: string;
  fitMode: string;
  dataState: string;
  strategy: string;
  /** How many runs the figure is computed from. */
  n: number;
  runs: RunLink[];
};

/** One service of the measured run, with what it used while it started (create → ready). */
export type ServiceMeasurement = {
  service: string;
  createdAtMs: number | null;
  runningAtMs: number | null;
  readyAtMs: number | null;
  /** The CPU limit the container got (after the fit), cores; null: none. */
  cpuLimitCores: number | null;
  memoryLimitBytes: number | null;
  /** Average and peak CPU (cores) over the stat buckets of its start; null: no samples. */
  cpuAvgCores: number | null;
  cpuPeakCores: number | null;
  memoryPeakBytes: number | null;
  /** cgroup cpu.stat at the run's end; null: not read (older run, remote engine). */
  throttling: { periods: number; throttledPeriods: number; throttledMs: number } | null;
};

/** The run the bottlenecks are measured on: the latest healthy deploy of the topology. */
export type MeasuredRun = {
  id: string;
  strategy: string;
  totalMs: number | null;
  hostCpus: number | null;
  hostMemoryBytes: number | null;
  conditions: FigureConditions;
  path: MeasuredCriticalPath | null;
  services: ServiceMeasurement[];
};

export type LoadBalancerTargets = {
  service: string;
  upstream: string;
  /** "generated": the upstream the panel wrote at the last deploy; "shipped": the topology's own file. */
  source: "generated" | "shipped";
  targets: { service: string; port: number; weight: number; sharePct: number }[];
};

/** An experiment's verdict on time to ready, for the expected improvement. */
export type ExperimentEvidence = {
  experimentId: string;
  name: string;
  href: string;
  baselineLabel: string;
  variantLabel: string;
  /** median(variant) ÷ median(baseline), with its bootstrap interval. */
  ratio: number;
  ci: [number, number] | null;
  n: number;
  baselineN: number;
  sentence: string;
  conditions: string;
  runs: RunLink[];
};

export type ReportInput = {
  name: string;
  topology: Pick<Topology, "project" | "networks"> & { services: Service[] };
  /** The static critical path (no runs): names, first first. */
  staticPath: string[];
  loadBalancer: LoadBalancerTargets | null;
  run: MeasuredRun | null;
  experiment: ExperimentEvidence | null;
  /** The topology compared against (`vs`), or null; and its newest healthy deploy. */
  vs: string | null;
  vsRun: MeasuredRun | null;
  /** The host the panel runs on now (limits above it are a risk when no run recorded its host). */
  host: { cpus: number; memoryBytes: number };
};

export type PathLinkFigure = {
  service: string;
  waitedFor: string | null;
  contributesMs: number;
  ownMs: number;
  /** Run start → created: waiting on its gates; created → ready: starting. */
  waitingMs: number;
  startingMs: number;
  readyAtMs: number;
  cpuLimitCores: number | null;
  cpuAvgCores: number | null;
  cpuPeakCores: number | null;
  /** Share of CFS periods throttled (0–1), null: not read or no limit. */
  throttledRatio: number | null;
  throttledMs: number | null;
  memoryPeakBytes: number | null;
  memoryLimitBytes: number | null;
  /** 1 − peak ÷ limit; null without both. */
  memoryHeadroomRatio: number | null;
};

export type Bottlenecks = {
  conditions: FigureConditions;
  totalMs: number | null;
  boundMs: number;
  links: PathLinkFigure[];
  /** Services off the path that were throttled (reported, never recommended). */
  throttledOffPath: { service: string; throttledRatio: number }[];
};

export type Recommendation = {
  id: string;
  service: string;
  title: string;
  /** The measurement that triggered it, as a sentence with its figures. */
  trigger: string;
  /** The change, as the compose key to edit. */
  change: string;
  /** The same change for the next deploy without editing the file: the deploy request's `limits`. */
  apply: { limits: Record<string, { cpus?: number; memoryBytes?: number }> };
  predicted: { pathMs: number; savedMs: number; model: string } | null;
  conditions: FigureConditions;
};

export type RiskKind =
  | "single-point-of-failure"
  | "no-health-check"
  | "no-restart-policy"
  | "data-without-volume"
  | "port-beyond-loopback"
  | "limit-above-host";

export type Risk = { kind: RiskKind; service: string; onCriticalPath: boolean; detail: string };

export type ArchitectureSection = {
  networks: { name: string; driver: string; internal: boolean; subnets: string[]; services: string[] }[];
  /** Pairs of services that share at least one network, and which. */
  shared: { services: [string, string]; networks: string[] }[];
  published: {
    service: string;
    hostIp: string;
    hostPort: number | null;
    containerPort: number;
    protocol: string;
  }[];
  loadBalancer: LoadBalancerTargets | null;
};

export type ExpectedImprovement =
  | { measured: true; evidence: ExperimentEvidence; claims: GuideClaim[] }
  | { measured: false; command: string; claims: GuideClaim[] };

export type GuideClaim = { text: string; ratio: number; label: "claim" };

export type AnalysisReport = {
  name: string;
  vs: string | null;
  generatedAt: string;
  architecture: ArchitectureSection;
  bottlenecks: Bottlenecks | null;
  /** The measured path of the `vs` topology's newest healthy deploy, for the pair. */
  vsBottlenecks: Bottlenecks | null;
  /** Why there are no bottlenecks (no healthy deploy stored yet), with the command that measures. */
  notMeasured: string | null;
  staticPath: string[];
  recommendations: Recommendation[];
  risks: Risk[];
  expectedImprovement: ExpectedImprovement;
};
