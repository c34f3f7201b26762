// The bench's containers: N busybox containers of one compose project (labelled, no network, 8 MiB),
// the first few busy so the figures can be compared with Docker's; removed however the bench ends.
import type Docker from "dockerode";
import { PROJECT_LABEL } from "@/lib/stats/hub";

/** What each busy container does (the rest sleep). */
export const BUSY = [
  { service: "busy-cpu-1", cmd: "yes > /dev/null", nanoCpus: 100_000_000, memoryBytes: 16 * 2 ** 20 },
  { service: "busy-cpu-2", cmd: "yes > /dev/null", nanoCpus: 150_000_000, memoryBytes: 16 * 2 ** 20 },
  {
    service: "busy-memory",
    // 24 MiB held in tmpfs and 16 MiB of file cache that the docker CLI's formula leaves out
    cmd: "head -c 25165824 /dev/zero > /dev/shm/held; head -c 16777216 /dev/zero > /tmp/cache; sleep 3600",
    nanoCpus: undefined,
    memoryBytes: 64 * 2 ** 20,
  },
] as const;

/** Creates and starts `count` containers, 10 at a time; returns their ids, busy ones first. */
export const startContainers = async (docker: Docker, project: string, count: number): Promise<string[]> => {
  const ids: string[] = [];
  for (let i = 0; i < count; i += 10) {
    const started = await Promise.all(
      Array.from({ length: Math.min(10, count - i) }, async (_, j) => {
        const n = i + j;
        const busy = BUSY[n];
        const service = busy?.service ?? `c${n}`;
        const container = await docker.createContainer({
          name: `${project}-${service}-1`,
          Image: "ollamamax-test/busybox:latest",
          Cmd: busy ? ["sh", "-c", busy.cmd] : ["sleep", "3600"],
          Labels: { [PROJECT_LABEL]: project, "com.docker.compose.service": service },
          HostConfig: {
            Memory: busy?.memoryBytes ?? 8 * 2 ** 20,
            NanoCpus: busy?.nanoCpus,
            NetworkMode: "none",
          },
        });
        await container.start();
        return container.id;
      }),
    );
    ids.push(...started);
  }
  return ids;
};

/** Removes every container of the project, 20 at a time; returns how many. */
export const removeContainers = async (docker: Docker, project: string): Promise<number> => {
  const left = await docker.listContainers({
    all: true,
    filters: { label: [`${PROJECT_LABEL}=${project}`] },
  });
  for (let i = 0; i < left.length; i += 20)
    await Promise.all(
      left.slice(i, i + 20).map((c) =>
        docker
          .getContainer(c.Id)
          .remove({ force: true })
          .catch(() => undefined),
      ),
    );
  return left.length;
};
