// Run inside the fresh-machine lab's container once the panel answers: signs in as the admin that
// PANEL_ADMIN_PASSWORD created at boot, deploys the optimized topology through the REST API, waits
// for the run's verdict, then tears it down. Exits non-zero (with the reason) unless it was healthy.
const base = `http://127.0.0.1:${process.env.PORT ?? "4600"}`;
const fail = (message) => {
  console.error(`!! ${message}`);
  process.exit(1);
};
const call = async (path, { cookie, body } = {}) => {
  const response = await fetch(`${base}${path}`, {
    method: body === undefined ? "GET" : "POST",
    headers: {
      ...(cookie ? { cookie } : {}),
      ...(body === undefined ? {} : { "content-type": "application/json" }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { response, answer: await response.json() };
};
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

const login = await call("/api/auth/login", {
  body: { username: process.env.PANEL_ADMIN_USERNAME ?? "admin", password: process.env.PANEL_ADMIN_PASSWORD },
});
if (!login.answer.ok) fail(`sign-in refused: ${login.answer.error.message}`);
const cookie = login.response.headers.get("set-cookie").split(";")[0];

const waitForVerdict = async (runId, what) => {
  const deadline = Date.now() + 5 * 60_000;
  while (Date.now() < deadline) {
    const { answer } = await call(`/api/runs/${runId}`, { cookie });
    // The recorder stores the run a moment after the API answered its id.
    if (!answer.ok && answer.error.code !== "not_found")
      fail(`reading run ${runId}: ${answer.error.message}`);
    if (answer.ok && answer.data.finishedAt) return answer.data;
    await sleep(2000);
  }
  fail(`${what} ${runId} gave no verdict within 5 minutes`);
};

const deploy = await call("/api/deploy", {
  cookie,
  // The default fit (clamp), as a person's first deploy from the README: the proportional fit caps
  // every service to share the host's cores and starves some on a slow host (issue 35), which is
  // not what this lab checks.
  body: { topology: "optimized", strategy: "dag" },
});
if (!deploy.answer.ok) fail(`deploy refused: ${deploy.answer.error.message}`);
const run = await waitForVerdict(deploy.answer.data.runId, "deploy");
console.log(`==> deploy ${run.id}: ${run.status} in ${((run.totalMs ?? 0) / 1000).toFixed(1)} s`);
const reason = (error) =>
  error === null || error === undefined
    ? "(no error recorded)"
    : typeof error === "string"
      ? error
      : (error.message ?? JSON.stringify(error));
if (run.status !== "healthy") fail(`the deploy ended ${run.status}: ${reason(run.error)}`);

const teardown = await call("/api/teardown", {
  cookie,
  body: { topology: "optimized", removeVolumes: true },
});
if (!teardown.answer.ok) fail(`teardown refused: ${teardown.answer.error.message}`);
const down = await waitForVerdict(teardown.answer.data.runId, "teardown");
console.log(`==> teardown ${down.id}: ${down.status} in ${((down.totalMs ?? 0) / 1000).toFixed(1)} s`);
