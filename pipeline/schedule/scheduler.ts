// The scheduler: schedules and sensors fire requests; requests become queued runs, one at a time. Overlapping
// requests for a job collapse into one run, and a sensor's run key is answered once, across restarts (the keys
// live in the run history). Time comes from an injected cron driver: node-cron in production, a fake in tests.
import cron from "node-cron";
import { describeError, logger, type Logger } from "../log.ts";
import type { RunReport } from "../run/execute.ts";
import { FINISHED, newRunId, newRunRecord, type RunHistory, type RunRecord } from "../run/history.ts";
import type { JobName } from "./jobs.ts";
import type { ScheduleSpec } from "./schedules.ts";
import type { Sensor } from "./sensors.ts";

export interface CronDriver {
  /** Calls `fire` whenever `expression` matches the wall clock of `timezone`. */
  schedule(expression: string, timezone: string, name: string, fire: () => void): { stop(): void };
}

/** node-cron's own messages (a missed execution, …) through the workspace's logger: redacted, and JSON lines with LOG_FORMAT=json. */
const cronLog = logger("cron");
const cronLogger = {
  info: (m: string) => cronLog.info(m),
  warn: (m: string) => cronLog.warn(m),
  error: (m: string | Error, e?: Error) => cronLog.error(`${describeError(m)}${e ? ` (${describeError(e)})` : ""}`),
  debug: (m: string | Error, e?: Error) => cronLog.debug(`${describeError(m)}${e ? ` (${describeError(e)})` : ""}`),
};

export const nodeCronDriver: CronDriver = {
  schedule(expression, timezone, name, fire) {
    const task = cron.schedule(expression, () => fire(), { timezone, name, logger: cronLogger });
    return { stop: () => void task.destroy() };
  },
};

export interface RunRequest {
  job: JobName;
  /** schedule:<name>, sensor:<name>, manual. */
  trigger: string;
  /** Events this run would answer; those an earlier run answered are dropped, and with none left, the request. */
  runKeys?: string[];
  reason?: string;
}

export interface QueuedRun {
  runId: string;
  job: JobName;
  trigger: string;
  runKeys: string[];
  queuedAt: string;
}

export type RequestOutcome =
  /** A new run was queued. */
  | { status: "queued"; runId: string }
  /** The same job was already waiting: the request joined that run. */
  | { status: "coalesced"; runId: string }
  /** The same job is running now: dropped (a sensor asks again if the condition still holds afterwards). */
  | { status: "busy"; runId: string }
  /** An earlier run answered this run key. */
  | { status: "duplicate"; runId: string }
  | { status: "stopped"; runId: null };

export interface SchedulerOptions {
  timezone: string;
  schedules: ScheduleSpec[];
  sensors: Sensor[];
  cron: CronDriver;
  history: RunHistory;
  /** Starts a queued run and settles when it ended (production: runJob). */
  launch: (run: QueuedRun, signal: AbortSignal) => Promise<RunReport>;
  now?: () => Date;
  log?: Logger;
}

export class Scheduler {
  private readonly queue: QueuedRun[] = [];
  private current: { run: QueuedRun; controller: AbortController; done: Promise<void> } | undefined;
  private readonly tasks: { stop(): void }[] = [];
  private readonly evaluating = new Set<string>();
  private readonly idleWaiters: (() => void)[] = [];
  /** Requests are handled one after another: each reads the history the previous one wrote. */
  private requests: Promise<unknown> = Promise.resolve();
  /** Sensor evaluations and requests in flight, so that `quiet` can wait for them. */
  private readonly pending = new Set<Promise<unknown>>();
  private stopped = false;
  private readonly now: () => Date;
  private readonly log: Logger;

  constructor(private readonly options: SchedulerOptions) {
    this.now = options.now ?? (() => new Date());
    this.log = options.log ?? logger("scheduler");
  }

  async start(): Promise<void> {
    for (const run of await this.options.history.reconcile(this.now())) {
      this.log.warn(
        `run ${run.runId} (${run.job}) was left ${run.status === "cancelled" ? "queued" : "running"} by a process that is gone: marked ${run.status}`,
      );
    }
    const { timezone } = this.options;
    for (const s of this.options.schedules.filter((s) => s.enabled)) {
      this.tasks.push(
        this.options.cron.schedule(s.cron, timezone, `schedule:${s.name}`, () => {
          this.log.info(`schedule ${s.name} (${s.cron}, ${timezone}) fired`);
          this.track(this.request({ job: s.job, trigger: `schedule:${s.name}` }));
        }),
      );
    }
    for (const sensor of this.options.sensors) {
      this.tasks.push(this.options.cron.schedule(sensor.cron, timezone, `sensor:${sensor.name}`, () => this.track(this.tick(sensor))));
    }
  }

  private track(work: Promise<unknown>): void {
    const settled = work.catch(() => undefined).finally(() => this.pending.delete(settled));
    this.pending.add(settled);
  }

  /** Settles once every fired schedule and sensor has filed its request (runs may still be going). */
  async quiet(): Promise<void> {
    while (this.pending.size > 0) await Promise.all([...this.pending]);
    await this.requests;
  }

  /** Evaluates a sensor (skipped while its previous evaluation is still running) and files what it asks for. */
  async tick(sensor: Sensor): Promise<RequestOutcome | null> {
    if (this.stopped || this.evaluating.has(sensor.name)) return null;
    this.evaluating.add(sensor.name);
    try {
      const wanted = await sensor.evaluate(this.now());
      if (wanted.length === 0) return null;
      // Events seen together (three stale series) are answered by one run.
      return await this.request({
        job: sensor.job,
        trigger: `sensor:${sensor.name}`,
        runKeys: wanted.map((r) => r.runKey),
        reason: wanted.map((r) => r.reason).join("; "),
      });
    } catch (error) {
      this.log.warn(`sensor ${sensor.name} could not be evaluated: ${describeError(error)}; it tries again at its next tick`);
      return null;
    } finally {
      this.evaluating.delete(sensor.name);
    }
  }

  request(request: RunRequest): Promise<RequestOutcome> {
    const handled = this.requests.then(() => this.handle(request));
    this.requests = handled.catch(() => undefined);
    return handled;
  }

  private async handle(request: RunRequest): Promise<RequestOutcome> {
    const { job } = request;
    let runKeys = request.runKeys ?? [];
    const what = `${job} (${request.trigger}${runKeys.length ? `, ${runKeys.join(", ")}` : ""})`;
    if (this.stopped) return { status: "stopped", runId: null };
    if (runKeys.length > 0) {
      const used = await this.options.history.usedRunKeys();
      const active = [...this.queue, ...(this.current ? [this.current.run] : [])];
      const answeredBy = (key: string) => used.get(key) ?? active.find((r) => r.runKeys.includes(key))?.runId;
      const fresh = runKeys.filter((key) => !answeredBy(key));
      if (fresh.length === 0) {
        const by = answeredBy(runKeys[0])!;
        this.log.debug(`${what}: already answered by run ${by}`);
        return { status: "duplicate", runId: by };
      }
      runKeys = fresh;
    }
    const waiting = this.queue.find((r) => r.job === job);
    if (waiting) {
      if (runKeys.length > 0) {
        waiting.runKeys.push(...runKeys);
        await this.record(waiting);
      }
      this.log.info(`${what}: joins run ${waiting.runId}, already queued`);
      return { status: "coalesced", runId: waiting.runId };
    }
    if (this.current?.run.job === job) {
      // The running run may have started before the event: its keys stay unanswered, so a sensor asks again
      // afterwards if the condition still holds.
      this.log.info(`${what}: run ${this.current.run.runId} of the same job is in progress; not queuing another`);
      return { status: "busy", runId: this.current.run.runId };
    }
    const run: QueuedRun = { runId: newRunId(this.now()), job, trigger: request.trigger, runKeys, queuedAt: this.now().toISOString() };
    this.queue.push(run);
    await this.record(run);
    this.log.info(`${what}: run ${run.runId} queued${request.reason ? ` (${request.reason})` : ""}`);
    this.pump();
    return { status: "queued", runId: run.runId };
  }

  private record(run: QueuedRun, changes: Partial<RunRecord> = {}): Promise<void> {
    return this.options.history.append(newRunRecord({ ...run, status: "queued", ...changes }));
  }

  private pump(): void {
    if (this.current || this.stopped) return this.notifyIdle();
    const run = this.queue.shift();
    if (!run) return this.notifyIdle();
    const controller = new AbortController();
    const done = this.options
      .launch(run, controller.signal)
      .then((report) => this.log.info(`run ${run.runId} (${run.job}) ${report.status} in ${report.seconds.toFixed(1)} s`))
      .catch(async (error) => {
        // The run did not get as far as its own record (the lock stayed busy, the plan failed): say so here.
        const latest = await this.options.history.run(run.runId).catch(() => undefined);
        if (!latest || !FINISHED.includes(latest.status)) {
          const status = controller.signal.aborted ? "cancelled" : "failed";
          await this.record(run, { status, error: describeError(error), finishedAt: this.now().toISOString() }).catch(() => undefined);
        }
        this.log.error(`run ${run.runId} (${run.job}) could not run: ${describeError(error)}`);
      })
      .finally(() => {
        this.current = undefined;
        this.pump();
      });
    this.current = { run, controller, done };
  }

  private notifyIdle(): void {
    if (this.current || this.queue.length > 0) return;
    for (const resolve of this.idleWaiters.splice(0)) resolve();
  }

  /** Settles when no run is running or queued (tests, and a clean shutdown). */
  async idle(): Promise<void> {
    await this.quiet();
    if (!this.current && this.queue.length === 0) return;
    await new Promise<void>((resolve) => this.idleWaiters.push(resolve));
  }

  /** The run in progress and the queue, for logs and tests. */
  snapshot(): { running: QueuedRun | null; queued: QueuedRun[] } {
    return { running: this.current?.run ?? null, queued: [...this.queue] };
  }

  /** Stops firing, cancels queued runs and aborts the running one (its step is interrupted), then settles. */
  async stop(reason = "scheduler stopped"): Promise<void> {
    this.stopped = true;
    for (const task of this.tasks.splice(0)) task.stop();
    await this.quiet();
    for (const run of this.queue.splice(0)) {
      await this.record(run, { status: "cancelled", error: reason, finishedAt: this.now().toISOString() }).catch(() => undefined);
    }
    if (this.current) {
      this.log.warn(`aborting run ${this.current.run.runId} (${this.current.run.job}): ${reason}`);
      this.current.controller.abort(reason);
      await this.current.done;
    }
  }
}
