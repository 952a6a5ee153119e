// Plans of runs: which steps run and which are skipped, for `run`/`build` (by fingerprint), for a job (all of
// its steps), and for `retry` (from the failed step, on the failed run's kept warehouse when still valid).
import type { Config } from "../config.ts";
import { hashOf } from "../fingerprint.ts";
import { logger } from "../log.ts";
import { loadProject } from "../transform/project.ts";
import { Renderer } from "../transform/render.ts";
import { keptCopyExists, readWarehouse, warehouseIdentity } from "../warehouse/open.ts";
import type { Warehouse } from "../warehouse/warehouse.ts";
import { storedFingerprints } from "./bookkeeping.ts";
import { newRunId, type RunRecord } from "./history.ts";
import type { JobSpec, JobStepName, PlanStep, RunPlan } from "./runPlan.ts";
import { MODELS_DIR, STEP_NEEDS, STEPS, siteStep, stepNamed, type Step } from "./steps.ts";

const log = logger("plan");

/** Fingerprints chained in step order: a step's fingerprint covers every step before it. */
export async function chainedFingerprints(config: Config, names: readonly string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  let previous = "";
  for (const step of STEPS) {
    previous = hashOf(previous, await step.fingerprint(config));
    if (names.includes(step.name)) out.set(step.name, previous);
  }
  return out;
}

/**
 * The planned steps each planned step needs, following STEP_NEEDS through steps the plan leaves out (a job of
 * extract and tests only still has tests wait for extract).
 */
export function plannedNeeds(names: readonly string[]): Map<string, string[]> {
  const ancestors = (step: string, seen = new Set<string>()): string[] => {
    const out: string[] = [];
    for (const need of STEP_NEEDS[step as JobStepName] ?? []) {
      if (seen.has(need)) continue;
      seen.add(need);
      if (names.includes(need)) out.push(need);
      else out.push(...ancestors(need, seen));
    }
    return out;
  };
  return new Map(names.map((n) => [n, ancestors(n)]));
}

/** dbt's `source:<name>+`: every model reading the source, with what depends on them. */
export async function downstreamOfSource(warehouse: Warehouse, source: string): Promise<string> {
  const project = await loadProject(MODELS_DIR);
  const renderer = new Renderer(project, warehouse);
  const readers = project.models.filter((m) => renderer.render(m).sources.some((s) => s.source === source));
  if (readers.length === 0) throw new Error(`No model reads source "${source}" (models/sources.yml and the models' source() calls)`);
  return readers.map((m) => `${m.name}+`).join(" ");
}

interface StepOptions {
  config: Config;
  fingerprints?: Map<string, string>;
  skip?: Map<string, string>;
  sourceFilter?: string;
}

/**
 * Steps that talk to a service that can be briefly unavailable (the PostgreSQL source, the BCB API) are retried.
 * Reading the embedded sample or the committed snapshot, SQL models, data tests and the site build fail the same
 * way on a second try, and a person waiting on `npm run build` should hear about it at once.
 */
function retryable(step: string, config: Config): boolean {
  if (step === "extract") return config.sourceDatabaseUrl !== undefined;
  if (step === "indicators") return config.bcbMode === "live";
  return false;
}

function dataStep(step: Step, options: StepOptions): PlanStep {
  const filtered = options.sourceFilter && (step.name === "models" || step.name === "tests");
  return {
    name: step.name,
    kind: "warehouse",
    dependsOn: [],
    retryable: retryable(step.name, options.config),
    fingerprint: options.fingerprints?.get(step.name),
    async run(ctx) {
      const select = filtered ? await downstreamOfSource(ctx.warehouse!, options.sourceFilter!) : ctx.select;
      return step.run({ ...ctx, warehouse: ctx.warehouse!, select });
    },
  };
}

/** The plan's steps in order, each depending on the planned steps it needs. */
export function planSteps(names: readonly JobStepName[], options: StepOptions): PlanStep[] {
  const needs = plannedNeeds(names);
  return names.map((name) => {
    const step = name === "site" ? siteStep() : dataStep(stepNamed(name)!, options);
    const skip = options.skip?.get(name);
    return { ...step, dependsOn: needs.get(name) ?? [], ...(skip ? { skip } : {}) };
  });
}

export interface PipelinePlanOptions {
  config: Config;
  steps?: JobStepName[];
  force?: boolean;
  fullRefresh?: boolean;
  select?: string;
  runId?: string;
  job?: string;
  trigger?: string;
  /** Rebuild the site after the data steps (`npm run build`). */
  site?: boolean;
}

/** `run` and `build`: the first step whose inputs changed, and every step after it, runs. */
export async function pipelinePlan(options: PipelinePlanOptions): Promise<RunPlan> {
  const { config, site = false } = options;
  const names = (options.steps ?? STEPS.map((s) => s.name)).filter((n) => n !== "site");
  const wanted = await chainedFingerprints(config, names);
  const stored = (await readWarehouse(config, storedFingerprints)) ?? new Map<string, string>();
  const changed = options.force ? 0 : names.findIndex((n) => stored.get(n) !== wanted.get(n));
  const firstToRun = changed === -1 ? names.length : changed;
  const skip = new Map(names.slice(0, firstToRun).map((n) => [n, "inputs unchanged since the last successful run"]));
  const all: JobStepName[] = site ? [...names, "site"] : names;
  return {
    runId: options.runId ?? newRunId(),
    job: options.job ?? (site ? "build" : "run"),
    trigger: options.trigger ?? "manual",
    config,
    steps: planSteps(all, { config, fingerprints: wanted, skip }),
    publishes: true,
    fullRefresh: options.fullRefresh ?? false,
    select: options.select,
  };
}

export interface JobPlanOptions {
  runId?: string;
  trigger?: string;
  runKeys?: string[];
  queuedAt?: string;
}

/** A job runs every one of its steps, whatever the fingerprints say (a schedule means "do it now"). */
export async function jobPlan(config: Config, job: JobSpec, options: JobPlanOptions): Promise<RunPlan> {
  const stepConfig = job.configFor(config);
  return {
    runId: options.runId ?? newRunId(),
    job: job.name,
    trigger: options.trigger ?? "manual",
    runKeys: options.runKeys,
    queuedAt: options.queuedAt,
    config: stepConfig,
    steps: planSteps(job.steps, {
      config: stepConfig,
      fingerprints: await chainedFingerprints(stepConfig, job.steps),
      sourceFilter: job.downstreamOfSource,
    }),
    publishes: job.publishes,
    fullRefresh: job.fullRefresh,
  };
}

export class NotRetryableError extends Error {
  override name = "NotRetryableError";
}

const RETRYABLE: readonly string[] = ["failed", "aborted", "crashed"];

/**
 * Re-runs a failed run from its failure. When the run kept its staged warehouse and the live warehouse has not
 * changed since it started, the steps that succeeded are not run again; otherwise every step runs again.
 * `jobs` are the declared jobs (pipeline/schedule/jobs.ts): a job's run is retried with that job's settings.
 */
export async function retryPlan(config: Config, parent: RunRecord, jobs: readonly JobSpec[], runId = newRunId()): Promise<RunPlan> {
  if (!RETRYABLE.includes(parent.status)) {
    throw new NotRetryableError(`Run ${parent.runId} is ${parent.status}; only failed, aborted or crashed runs can be retried`);
  }
  const job: JobSpec | undefined = jobs.find((j) => j.name === parent.job);
  const names = parent.steps.map((s) => s.step) as JobStepName[];
  const unknown = names.filter((n) => n !== "site" && !STEPS.some((s) => s.name === n));
  if (unknown.length > 0) throw new NotRetryableError(`Run ${parent.runId} has steps this pipeline does not know: ${unknown.join(", ")}`);
  if (!job && !["run", "build"].includes(parent.job)) {
    throw new NotRetryableError(`Run ${parent.runId} belongs to job "${parent.job}", which is no longer declared; jobs: ${jobs.map((j) => j.name).join(", ")}`);
  }
  const stepConfig = job ? job.configFor(config) : config;
  const checkpoint = parent.checkpoint;
  const checkpointKept = checkpoint !== null && (await keptCopyExists(config, checkpoint));
  const sameBase = parent.baseState === (await warehouseIdentity(config));
  const resume = checkpointKept && sameBase;
  const skip = new Map<string, string>();
  if (resume) {
    for (const s of parent.steps) {
      if (s.status === "success") skip.set(s.step, `done in run ${parent.runId}`);
      else if (s.status === "skipped") skip.set(s.step, s.note ?? `skipped in run ${parent.runId}`);
    }
    log.info(`retry of ${parent.runId}: resuming from ${names.filter((n) => !skip.has(n)).join(" → ")} on its kept warehouse`);
  } else {
    const why = !checkpoint
      ? "it kept no staged warehouse (it crashed, or failed before any step succeeded)"
      : !checkpointKept
        ? `its staged warehouse ${checkpoint} is gone`
        : "the warehouse changed since it started";
    log.info(`retry of ${parent.runId}: every step runs again, because ${why}`);
  }
  return {
    runId,
    job: parent.job,
    trigger: `retry:${parent.runId}`,
    parentRunId: parent.runId,
    config: stepConfig,
    steps: planSteps(names, {
      config: stepConfig,
      fingerprints: await chainedFingerprints(stepConfig, names),
      skip,
      sourceFilter: job?.downstreamOfSource,
    }),
    publishes: job?.publishes ?? true,
    fullRefresh: parent.options.fullRefresh,
    select: parent.options.select ?? undefined,
    resumeFrom: resume ? checkpoint! : undefined,
  };
}
