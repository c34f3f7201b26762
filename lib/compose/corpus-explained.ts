// The explained differences between the panel and docker-compose 1.29's `config` over the corpus
// (test/fixtures/compose-corpus). Every difference the corpus test finds must match one entry here;
// an entry says who is right and why. Kept apart from the test so the table reads as a document.
import type { Difference } from "./corpus-compare";
import { same } from "./corpus-compare";
import type { NewerKey } from "./corpus-reference";
import { DEFAULT_PUBLISH_HOST } from "./parse-topology";

/** Who the difference is on: the reference tool, the panel by design, or a gap another part closes. */
export type Verdict =
  /** docker-compose 1.29 predates the Compose Specification here, or prints a lossy form. */
  | "reference-older"
  /** The panel differs on purpose (safer default, a refusal or a warning the user sees). */
  | "panel-by-design"
  /** The panel does not carry this yet; the named part of issue 14 maps it (cmp-keys, cmp-files). */
  | "pending";

export type Explanation = {
  key: string;
  verdict: Verdict;
  why: string;
  /** True when this explanation covers the difference (checked value by value, not by key alone). */
  covers: (difference: Difference, context: { envFileWarned: boolean }) => boolean;
};

type Port = { hostIp: string | null; published: number | null; target: number; protocol: string };
type Mount = { type: string; source: string | null; target: string; readOnly: boolean; options: string[] };

export const EXPLAINED: Explanation[] = [
  {
    key: "ports",
    verdict: "panel-by-design",
    why:
      "a port written without a host address: Compose publishes it on every interface (0.0.0.0), the " +
      `panel on PANEL_PUBLISH_HOST (default ${DEFAULT_PUBLISH_HOST}) so a sample file never opens the host to the LAN`,
    covers: ({ ours, theirs }) =>
      same(
        ours,
        (theirs as Port[]).map((port) => ({ ...port, hostIp: port.hostIp ?? DEFAULT_PUBLISH_HOST })),
      ),
  },
  {
    key: "environment",
    verdict: "panel-by-design",
    why:
      "env_file: `config` inlines the files' variables; the panel does not read env_file yet and says so " +
      "in a warning at services.<name>.env_file (cmp-files reads it). Every variable the panel has is equal",
    covers: ({ ours, theirs }, { envFileWarned }) =>
      envFileWarned &&
      Object.entries(ours as Record<string, string>).every(
        ([key, value]) => (theirs as Record<string, string>)[key] === value,
      ),
  },
  {
    key: "volumes",
    verdict: "reference-older",
    why:
      "1.29 drops a trailing slash of a mount target (/var/lib/postgresql/data/ → …/data); the Engine " +
      "treats both as the same path, the panel passes the file's text",
    covers: ({ ours, theirs }) =>
      same(
        (ours as Mount[]).map((mount) => ({ ...mount, target: mount.target.replace(/(.)\/+$/, "$1") })),
        theirs,
      ),
  },
  {
    key: "volumes",
    verdict: "pending",
    why:
      "bind options beyond ro/rw (SELinux z/Z, propagation, nocopy) are not carried by the panel's model " +
      "on this branch: cmp-keys maps them (mount-options)",
    covers: ({ ours, theirs }) =>
      same(
        ours,
        (theirs as Mount[]).map((mount) => ({ ...mount, options: [] })),
      ) && (theirs as Mount[]).some((mount) => mount.options.length > 0),
  },
  {
    key: "restart",
    verdict: "pending",
    why:
      "restart on-failure:N: the panel's model keeps the policy, not the retry count (cmp-keys maps " +
      "RestartPolicy.MaximumRetryCount)",
    covers: ({ ours, theirs }) =>
      typeof theirs === "string" && theirs.split(":")[0] === ours && theirs.includes(":"),
  },
  {
    key: "build",
    verdict: "pending",
    why: "build.target (a multi-stage Dockerfile's stage) is not in the panel's build model yet (cmp-keys)",
    covers: ({ ours, theirs }) => {
      const { target, ...rest } = theirs as Record<string, unknown>;
      return target !== undefined && same(ours, rest);
    },
  },
  {
    key: "volumes.",
    verdict: "pending",
    why:
      "a named volume's driver_opts (kong mounts tmpfs volumes through them) are not in the panel's " +
      "volume model yet (cmp-keys maps them to the volume's DriverOpts)",
    covers: ({ key, ours, theirs }) =>
      key.startsWith("volumes.") &&
      same({ ...(ours as object), driverOpts: {} }, { ...(theirs as object), driverOpts: {} }),
  },
];

/** Keys 1.29 refuses in corpus files (its schema predates them): the reference reads a copy without them. */
export const NEWER_THAN_1_29: Record<string, NewerKey[]> = {
  svix: [
    {
      path: ["services", "*", "healthcheck", "start_interval"],
      why: "healthcheck.start_interval (Compose Specification 2023, Engine 25): 1.29's schema refuses it",
    },
  ],
  zulip: [
    { path: ["services", "*", "attach"], why: "attach (Compose v2.20): unknown to 1.29" },
    {
      path: ["services", "*", "ports", "*", "app_protocol"],
      why: "ports[].app_protocol (Compose v2.21): unknown to 1.29",
    },
    { path: ["services", "*", "ports", "*", "name"], why: "ports[].name (Compose v2.21): unknown to 1.29" },
  ],
};

/**
 * Service keys the panel's model does not carry on this branch and that it neither refuses nor
 * warns about yet: each is mapped or refused by a parallel part of issue 14. The corpus test fails
 * on any other key that is dropped without a word; once those parts land, this list empties.
 */
export const PENDING_KEYS: Record<string, string> = {
  user: "cmp-keys: Config.User",
  expose: "cmp-keys: Config.ExposedPorts",
  hostname: "cmp-keys: Config.Hostname",
  shm_size: "cmp-keys: HostConfig.ShmSize",
  ulimits: "cmp-keys: HostConfig.Ulimits",
  read_only: "cmp-keys: HostConfig.ReadonlyRootfs",
  stdin_open: "cmp-keys: Config.OpenStdin",
  tty: "cmp-keys: Config.Tty",
  pull_policy: "cmp-keys: never pulls; refuses always/daily",
  attach: "cmp-keys: logs are streamed by the panel, attach changes nothing in the container",
  secrets: "cmp-files reads secrets (service and top-level); cmp-keys refuses them until then",
  profiles: "cmp-files selects profiles; cmp-keys refuses them until then",
};
