// The scheduler under a fake clock: the schedules fire at São Paulo times across the end of summer time, a
// switched-off schedule stays silent, overlapping triggers give one run, a sensor gives one run per event (also
// after a restart), and stopping aborts the running run and cancels the queued ones.
import { describe, expect, it } from "vitest";
import type { Config } from "../../pipeline/config.ts";
import type { RunReport } from "../../pipeline/run/execute.ts";
import { newRunRecord, RunHistory } from "../../pipeline/run/history.ts";
import { configuredSchedules } from "../../pipeline/schedule/schedules.ts";
import { Scheduler, type QueuedRun } from "../../pipeline/schedule/scheduler.ts";
import { bcbFreshnessSensor, sourceChangeSensor, type Sensor, type SeriesDate } from "../../pipeline/schedule/sensors.ts";
import { FakeCron, scratchConfig } from "./support.ts";

interface Launched {
  runId: string;
  job: string;
  trigger: string;
  runKeys: string[];
  at: string;
}

/** A scheduler whose runs are recorded, not executed; `hold` keeps the next runs going until released. */
function harness(config: Config, start: string, sensors: Sensor[] = [], history = new RunHistory(config.schedule.historyPath)) {
  const cron = new FakeCron(new Date(start));
  const launched: Launched[] = [];
  const held: { release: () => void }[] = [];
  let holding = false;
  const afterRun: ((run: QueuedRun) => void)[] = [];
  const launch = async (run: QueuedRun, signal: AbortSignal): Promise<RunReport> => {
    launched.push({ runId: run.runId, job: run.job, trigger: run.trigger, runKeys: [...run.runKeys], at: cron.clock().toISOString() });
    await history.append(newRunRecord({ ...run, status: "running", startedAt: cron.clock().toISOString() }));
    if (holding) {
      await new Promise<void>((resolve) => {
        held.push({ release: resolve });
        signal.addEventListener("abort", () => resolve());
      });
    }
    const status = signal.aborted ? "aborted" : "success";
    await history.append(newRunRecord({ ...run, status, startedAt: cron.clock().toISOString(), finishedAt: cron.clock().toISOString() }));
    for (const f of afterRun) f(run);
    return { runId: run.runId, job: run.job, status, steps: [], seconds: 0 };
  };
  const scheduler = new Scheduler({
    timezone: config.schedule.timezone,
    schedules: configuredSchedules(config),
    sensors,
    cron,
    history,
    launch,
    now: cron.clock,
  });
  const settle = () => (holding ? scheduler.quiet() : scheduler.idle());
  return {
    cron,
    scheduler,
    history,
    launched,
    afterRun,
    hold: () => void (holding = true),
    releaseAll: async () => {
      holding = false;
      for (const h of held.splice(0)) h.release();
      await settle();
    },
    advanceTo: (to: string) => cron.advanceTo(new Date(to), settle),
    at: (job: string) => launched.filter((l) => l.job === job).map((l) => l.at.replace(".000Z", "Z")),
  };
}

const noSchedules = { SCHEDULE_DAILY_FULL_REFRESH_ENABLED: "false", SCHEDULE_ECONOMIC_UPDATE_ENABLED: "false", SCHEDULE_QUALITY_CHECK_ENABLED: "false" };

describe("schedules", () => {
  it("fire at 06:00, 14:00 and every hour in São Paulo, across the end of summer time", async () => {
    const h = harness(scratchConfig("fire"), "2019-02-15T12:00:00Z");
    await h.scheduler.start();
    await h.advanceTo("2019-02-18T12:00:00Z");
    // UTC−2 until 17 February 2019 00:00, UTC−3 after.
    expect(h.at("daily_full_refresh")).toEqual(["2019-02-16T08:00:00Z", "2019-02-17T09:00:00Z", "2019-02-18T09:00:00Z"]);
    expect(h.at("economic_update")).toEqual(["2019-02-15T16:00:00Z", "2019-02-16T16:00:00Z", "2019-02-17T17:00:00Z"]);
    const hourly = h.at("quality_check");
    expect(hourly).toHaveLength(72);
    expect(hourly[0]).toBe("2019-02-15T13:00:00Z");
    hourly.forEach((t, i) => expect(Date.parse(t) - Date.parse(hourly[0])).toBe(i * 3_600_000));
    expect(new Set(h.launched.map((l) => l.trigger))).toEqual(
      new Set(["schedule:daily_full_refresh", "schedule:economic_update", "schedule:hourly_quality_check"]),
    );
    await h.scheduler.stop();
  });

  it("stay silent when switched off, and follow a cron changed in the configuration", async () => {
    const config = scratchConfig("off", {
      SCHEDULE_QUALITY_CHECK_ENABLED: "false",
      SCHEDULE_DAILY_FULL_REFRESH_ENABLED: "no",
      SCHEDULE_ECONOMIC_UPDATE_CRON: "30 14 * * 1-5",
    });
    const h = harness(config, "2020-01-31T00:00:00Z"); // a Friday, then a weekend and a month end
    await h.scheduler.start();
    await h.advanceTo("2020-02-04T00:00:00Z");
    expect(h.at("economic_update")).toEqual(["2020-01-31T17:30:00Z", "2020-02-03T17:30:00Z"]);
    expect(h.launched.filter((l) => l.job !== "economic_update")).toEqual([]);
    await h.scheduler.stop();
  });
});

describe("overlapping triggers", () => {
  it("give one run when a schedule and a sensor ask for the same job at once", async () => {
    const config = scratchConfig("overlap", { SCHEDULE_ECONOMIC_UPDATE_ENABLED: "false", SCHEDULE_QUALITY_CHECK_ENABLED: "false" });
    let source = "2018-10-17T17:30:00|1001";
    let extracted: string | null = "2018-10-15T09:00:00|1000";
    const sensor = sourceChangeSensor({ cron: "*/5 * * * *", probe: async () => source, extracted: async () => extracted });
    const h = harness(config, "2020-01-15T08:58:00Z", [sensor]);
    h.afterRun.push(() => void (extracted = source)); // the daily run extracts what the source has
    h.hold();
    await h.scheduler.start();
    await h.advanceTo("2020-01-15T09:00:00Z"); // 06:00 in São Paulo: the schedule and the sensor fire together
    expect(h.launched.map((l) => l.job)).toEqual(["daily_full_refresh"]);
    await h.releaseAll();
    await h.advanceTo("2020-01-15T10:00:00Z");
    expect(h.launched.map((l) => l.job)).toEqual(["daily_full_refresh"]);
    // New rows later: one early daily run, once.
    source = "2020-01-15T10:03:00|1002";
    await h.advanceTo("2020-01-15T12:00:00Z");
    expect(h.launched.map((l) => `${l.job}@${l.at.slice(11, 16)}:${l.runKeys.join(",")}`)).toEqual([
      "daily_full_refresh@09:00:",
      "daily_full_refresh@10:05:source-change:2020-01-15T10:03:00|1002",
    ]);
    await h.scheduler.stop();
  });

  it("join a run of the same job that is already queued, keeping every run key", async () => {
    const config = scratchConfig("coalesce", noSchedules);
    const h = harness(config, "2020-01-15T12:00:00Z");
    h.hold();
    await h.scheduler.start();
    expect((await h.scheduler.request({ job: "economic_update", trigger: "manual" })).status).toBe("queued");
    const a = await h.scheduler.request({ job: "daily_full_refresh", trigger: "schedule:daily_full_refresh" });
    const b = await h.scheduler.request({ job: "daily_full_refresh", trigger: "sensor:source_change", runKeys: ["source-change:x|1"] });
    const c = await h.scheduler.request({ job: "daily_full_refresh", trigger: "sensor:source_change", runKeys: ["source-change:x|1"] });
    expect([a.status, b.status, c.status]).toEqual(["queued", "coalesced", "duplicate"]);
    expect(b.runId).toBe(a.runId);
    await h.releaseAll();
    await h.releaseAll();
    expect(h.launched.map((l) => `${l.job}:${l.runKeys.join(",")}`)).toEqual(["economic_update:", "daily_full_refresh:source-change:x|1"]);
    await h.scheduler.stop();
  });
});

describe("the BCB freshness sensor", () => {
  it("asks for one economic update per stale event, also across a restart", async () => {
    const config = scratchConfig("sensor", noSchedules);
    // On 15 January 2020: IPCA of October 2019 (month ended 31 October, 76 days before) is stale; the daily
    // series of the day before are fresh.
    const dates: SeriesDate[] = [
      { seriesId: 1, lastDate: "2020-01-14" },
      { seriesId: 433, lastDate: "2019-10-01" },
      { seriesId: 432, lastDate: "2020-01-14" },
    ];
    const sensor = () => bcbFreshnessSensor({ cron: config.schedule.bcbFreshnessSensor.cron, lastDates: async () => dates });
    const first = harness(config, "2020-01-15T12:00:00Z", [sensor()]);
    await first.scheduler.start();
    await first.advanceTo("2020-01-16T12:00:00Z"); // 48 evaluations
    expect(first.launched.map((l) => `${l.job}:${l.runKeys.join(",")}@${l.at.slice(11, 16)}`)).toEqual(["economic_update:bcb-stale:433:2019-10-01@12:30"]);
    await first.scheduler.stop();

    // Restarted: the run key is in the history, so the same event gives no second run.
    const second = harness(config, "2020-01-16T12:00:00Z", [sensor()], first.history);
    await second.scheduler.start();
    await second.advanceTo("2020-01-16T18:00:00Z");
    expect(second.launched).toEqual([]);
    // November's IPCA arrives but is already 47 days past its month on 16 January: a new event, one run.
    dates[1] = { seriesId: 433, lastDate: "2019-11-01" };
    await second.advanceTo("2020-01-16T23:00:00Z");
    expect(second.launched.map((l) => l.runKeys.join(","))).toEqual(["bcb-stale:433:2019-11-01"]);
    // December's is within 45 days: nothing more.
    dates[1] = { seriesId: 433, lastDate: "2019-12-01" };
    await second.advanceTo("2020-01-17T23:00:00Z");
    expect(second.launched).toHaveLength(1);
    await second.scheduler.stop();
  });

  it("answers series that went stale together with one run, and none after it while the API has nothing new", async () => {
    const config = scratchConfig("sensor-together", noSchedules);
    // All three series a year old on 15 January 2020.
    const dates: SeriesDate[] = [
      { seriesId: 1, lastDate: "2019-01-14" },
      { seriesId: 433, lastDate: "2019-01-01" },
      { seriesId: 432, lastDate: "2019-01-14" },
    ];
    const h = harness(config, "2020-01-15T12:00:00Z", [bcbFreshnessSensor({ cron: "*/30 * * * *", lastDates: async () => dates })]);
    h.hold(); // the run is still going at the sensor's next ticks
    await h.scheduler.start();
    await h.advanceTo("2020-01-15T14:00:00Z");
    await h.releaseAll();
    await h.advanceTo("2020-01-16T12:00:00Z");
    expect(h.launched.map((l) => l.runKeys)).toEqual([["bcb-stale:1:2019-01-14", "bcb-stale:433:2019-01-01", "bcb-stale:432:2019-01-14"]]);
    await h.scheduler.stop();
  });

  it("keeps going when its probe fails", async () => {
    const config = scratchConfig("probe-fails", noSchedules);
    let calls = 0;
    const sensor = bcbFreshnessSensor({
      cron: "*/30 * * * *",
      lastDates: async () => {
        calls++;
        if (calls === 1) throw new Error("warehouse is being swapped");
        return [{ seriesId: 433, lastDate: "2019-01-01" }];
      },
    });
    const h = harness(config, "2020-01-15T12:00:00Z", [sensor]);
    await h.scheduler.start();
    await h.advanceTo("2020-01-15T13:05:00Z");
    expect(h.launched.map((l) => l.at.slice(11, 16))).toEqual(["13:00"]);
    await h.scheduler.stop();
  });
});

describe("stopping the scheduler", () => {
  it("aborts the running run, cancels the queued ones and fires nothing more", async () => {
    const config = scratchConfig("stop", noSchedules);
    const h = harness(config, "2020-01-15T12:00:00Z");
    h.hold();
    await h.scheduler.start();
    const running = await h.scheduler.request({ job: "economic_update", trigger: "manual" });
    const queued = await h.scheduler.request({ job: "quality_check", trigger: "manual" });
    await h.scheduler.stop("SIGTERM");
    const runs = await h.history.runs();
    expect(runs.find((r) => r.runId === running.runId)?.status).toBe("aborted");
    expect(runs.find((r) => r.runId === queued.runId)).toMatchObject({ status: "cancelled", error: "SIGTERM" });
    expect((await h.scheduler.request({ job: "quality_check", trigger: "manual" })).status).toBe("stopped");
    expect(h.launched.map((l) => l.job)).toEqual(["economic_update"]);
  });

  it("records a run that could not start (the lock stayed busy) as failed, and goes on", async () => {
    const config = scratchConfig("lock-busy", noSchedules);
    const history = new RunHistory(config.schedule.historyPath);
    let first = true;
    const scheduler = new Scheduler({
      timezone: "America/Sao_Paulo",
      schedules: [],
      sensors: [],
      cron: new FakeCron(new Date()),
      history,
      launch: async (run) => {
        if (first) {
          first = false;
          throw new Error("Another run holds the lock: build, pid 42");
        }
        return { runId: run.runId, job: run.job, status: "success", steps: [], seconds: 0 };
      },
    });
    await scheduler.start();
    const a = await scheduler.request({ job: "quality_check", trigger: "manual" });
    await scheduler.idle();
    expect(await history.run(a.runId!)).toMatchObject({ status: "failed", error: expect.stringMatching(/holds the lock/) });
    await scheduler.request({ job: "quality_check", trigger: "manual" });
    await scheduler.idle();
    await scheduler.stop();
  });
});
