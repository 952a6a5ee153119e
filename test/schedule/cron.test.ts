// Schedule times on the São Paulo wall clock: hand-checked UTC instants across Brazil's last DST seasons (the
// clocks were UTC−2 in summer until February 2019; DST was abolished in 2019, so 2020 stays at UTC−3), month
// and year ends, and agreement minute by minute with node-cron's own matcher, which fires them in production.
import cron from "node-cron";
import { afterEach, describe, expect, it, vi } from "vitest";
import { formatInZone, nextFireTimes } from "../../pipeline/schedule/cron.ts";
import { nodeCronDriver } from "../../pipeline/schedule/scheduler.ts";

const SP = "America/Sao_Paulo";
const iso = (dates: Date[]) => dates.map((d) => d.toISOString().replace(".000Z", "Z"));

afterEach(() => {
  vi.useRealTimers();
});

describe("nextFireTimes", () => {
  it("puts 06:00 in São Paulo at 08:00 UTC in January 2019 (summer time, UTC−2)", () => {
    expect(iso(nextFireTimes("0 6 * * *", SP, new Date("2019-01-14T12:00:00Z"), 3))).toEqual([
      "2019-01-15T08:00:00Z",
      "2019-01-16T08:00:00Z",
      "2019-01-17T08:00:00Z",
    ]);
  });

  it("puts 06:00 in São Paulo at 09:00 UTC in January 2020 (no summer time any more, UTC−3)", () => {
    expect(iso(nextFireTimes("0 6 * * *", SP, new Date("2020-01-14T12:00:00Z"), 2))).toEqual(["2020-01-15T09:00:00Z", "2020-01-16T09:00:00Z"]);
  });

  it("moves by an hour across the end of summer time on 17 February 2019 and its start on 4 November 2018", () => {
    expect(iso(nextFireTimes("0 6 * * *", SP, new Date("2019-02-15T12:00:00Z"), 3))).toEqual([
      "2019-02-16T08:00:00Z",
      "2019-02-17T09:00:00Z",
      "2019-02-18T09:00:00Z",
    ]);
    expect(iso(nextFireTimes("0 14 * * *", SP, new Date("2018-11-02T18:00:00Z"), 3))).toEqual([
      "2018-11-03T17:00:00Z",
      "2018-11-04T16:00:00Z",
      "2018-11-05T16:00:00Z",
    ]);
  });

  it("crosses month, leap-day and year ends", () => {
    // 31 January 2019, after that day's 06:00 (08:00 UTC), comes 1 February.
    expect(iso(nextFireTimes("0 6 * * *", SP, new Date("2019-01-31T08:00:00Z"), 1))).toEqual(["2019-02-01T08:00:00Z"]);
    expect(iso(nextFireTimes("0 6 * * *", SP, new Date("2020-02-28T12:00:00Z"), 2))).toEqual(["2020-02-29T09:00:00Z", "2020-03-01T09:00:00Z"]);
    // 14:00 on 31 December 2020 in São Paulo is 17:00 UTC; the next is on 1 January 2021.
    expect(iso(nextFireTimes("0 14 * * *", SP, new Date("2020-12-31T16:59:59Z"), 2))).toEqual(["2020-12-31T17:00:00Z", "2021-01-01T17:00:00Z"]);
    // 23:00 São Paulo on 30 April is already 1 May in UTC.
    expect(iso(nextFireTimes("0 23 * * *", SP, new Date("2021-04-30T12:00:00Z"), 1))).toEqual(["2021-05-01T02:00:00Z"]);
  });

  it("fires the hourly check once per real hour through both DST changes (no hour lost or doubled)", () => {
    for (const from of ["2019-02-16T22:30:00Z", "2018-11-03T23:30:00Z"]) {
      const fires = nextFireTimes("0 * * * *", SP, new Date(from), 8).map((d) => d.getTime());
      const start = Date.parse(from) + 30 * 60_000;
      expect(fires).toEqual(Array.from({ length: 8 }, (_, i) => start + i * 3_600_000));
    }
  });

  it("reads the time zone from the configuration", () => {
    expect(iso(nextFireTimes("0 6 * * *", "America/New_York", new Date("2021-01-10T00:00:00Z"), 1))).toEqual(["2021-01-10T11:00:00Z"]);
    expect(iso(nextFireTimes("0 6 * * *", "America/New_York", new Date("2021-07-10T00:00:00Z"), 1))).toEqual(["2021-07-10T10:00:00Z"]);
  });

  it("formats a fire time with its offset", () => {
    expect(formatInZone(new Date("2019-01-15T08:00:00Z"), SP)).toBe("2019-01-15 06:00 (UTC−02:00)");
    expect(formatInZone(new Date("2020-01-15T09:00:00Z"), SP)).toBe("2020-01-15 06:00 (UTC−03:00)");
  });

  const windows = [
    ["the end of summer time", "2019-02-15T00:00:00Z"],
    ["the start of summer time", "2018-11-02T00:00:00Z"],
    ["a month end without DST", "2020-01-30T00:00:00Z"],
  ] as const;
  const expressions = ["0 6 * * *", "0 14 * * *", "0 * * * *", "30 2 * * 1-5", "0 0 1 * *", "*/20 23 * * *"];

  for (const [label, start] of windows) {
    it(`agrees with node-cron's matcher on every minute around ${label}`, () => {
      const from = Date.parse(start);
      const to = from + 4 * 86_400_000;
      for (const expr of expressions) {
        const task = cron.createTask(expr, () => undefined, { timezone: SP });
        const matched: number[] = [];
        for (let t = from + 60_000; t <= to; t += 60_000) if (task.match(new Date(t))) matched.push(t);
        void task.destroy();
        const ours = nextFireTimes(expr, SP, new Date(from), 500)
          .map((d) => d.getTime())
          .filter((t) => t <= to);
        expect(ours, expr).toEqual(matched);
      }
    });
  }
});

describe("the production cron driver (node-cron)", () => {
  it("fires at the São Paulo times under a fake clock, across the end of summer time", async () => {
    vi.useFakeTimers({ now: new Date("2019-02-15T12:00:00Z") });
    const fired: string[] = [];
    const task = nodeCronDriver.schedule("0 6 * * *", SP, "test", () => fired.push(new Date().toISOString().replace(".000Z", "Z")));
    await vi.advanceTimersByTimeAsync(3 * 86_400_000);
    task.stop();
    expect(fired).toEqual(iso(nextFireTimes("0 6 * * *", SP, new Date("2019-02-15T12:00:00Z"), 3)));
    expect(fired).toEqual(["2019-02-16T08:00:00Z", "2019-02-17T09:00:00Z", "2019-02-18T09:00:00Z"]);
  });
});
