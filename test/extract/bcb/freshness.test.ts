import path from "node:path";
import { describe, expect, it } from "vitest";
import { PROJECT_ROOT } from "../../../pipeline/config.ts";
import { todayInBrasilia } from "../../../pipeline/extract/bcb/dates.ts";
import { businessDaysBetween, freshness, lastDateOf } from "../../../pipeline/extract/bcb/freshness.ts";
import { readAllSnapshots } from "../../../pipeline/extract/bcb/snapshot.ts";
import { SERIES_STATUS_COLUMNS, seriesStatusRows, type SeriesStatus } from "../../../pipeline/extract/bcb/status.ts";

// 2025-06-06 is a Friday.
describe("business days", () => {
  it("counts weekdays after the last date up to today", () => {
    expect(businessDaysBetween("2025-06-06", "2025-06-08")).toBe(0); // Friday → Sunday
    expect(businessDaysBetween("2025-06-06", "2025-06-10")).toBe(2); // Friday → Tuesday
    expect(businessDaysBetween("2025-06-06", "2025-06-12")).toBe(4); // Friday → Thursday
    expect(businessDaysBetween("2025-06-06", "2025-06-13")).toBe(5); // Friday → next Friday
    expect(businessDaysBetween("2025-06-06", "2025-06-27")).toBe(15);
    expect(businessDaysBetween("2025-06-10", "2025-06-06")).toBe(0);
  });
});

describe("freshness", () => {
  it("accepts Friday's PTAX on Tuesday", () => {
    expect(freshness({ seriesId: 1, lastDate: "2025-06-06" }, "2025-06-10")).toBeNull();
  });

  it("accepts a daily series exactly four business days old", () => {
    expect(freshness({ seriesId: 1, lastDate: "2025-06-06" }, "2025-06-12")).toBeNull();
  });

  it("warns about a daily series more than four business days old", () => {
    expect(freshness({ seriesId: 1, lastDate: "2025-06-06" }, "2025-06-13")).toEqual({
      seriesId: 1,
      seriesKey: "usd_brl",
      lastDate: "2025-06-06",
      today: "2025-06-13",
      age: 5,
      unit: "business days",
      limit: 4,
      message: "USD/BRL PTAX sell rate (R$ per US$) (series 1) is as of 2025-06-06, 5 business days before 2025-06-13 (limit 4)",
    });
  });

  it("measures a monthly series from the end of its reference month", () => {
    // IPCA for May is dated 2025-05-01 and released around 10 June.
    expect(freshness({ seriesId: 433, lastDate: "2025-05-01" }, "2025-06-20")).toBeNull();
    expect(freshness({ seriesId: 433, lastDate: "2025-05-01" }, "2025-07-15")).toBeNull(); // 45 days
    const warning = freshness({ seriesId: 433, lastDate: "2025-05-01" }, "2025-07-16");
    expect(warning?.age).toBe(46);
    expect(warning?.message).toBe("IPCA, % change in the month (series 433) is as of 2025-05 (month ended 2025-05-31), 46 days before 2025-07-16 (limit 45)");
  });

  it("warns about a series without observations", () => {
    expect(freshness({ seriesId: 432, lastDate: null }, "2025-06-10")?.message).toBe("SELIC target, % per year (series 432) has no observations");
  });

  it("finds the committed snapshot stale today, so the site must say 'data as of'", async () => {
    const observations = await readAllSnapshots(path.join(PROJECT_ROOT, "data/bcb"));
    const warnings = [1, 433, 432].map((id) => freshness({ seriesId: id, lastDate: lastDateOf(observations, id) }, "2026-11-26"));
    expect(warnings.map((w) => w?.lastDate)).toEqual(["2025-06-11", "2025-05-01", "2026-04-13"]);
    expect(warnings.every((w) => w !== null && w.age! > w.limit)).toBe(true);
  });
});

describe("seriesStatusRows", () => {
  const status: SeriesStatus[] = [
    { seriesId: 1, source: "api", lastDate: "2025-06-06", stale: false, reason: null, checkedAt: "2025-06-10T12:00:00.000Z" },
    {
      seriesId: 433,
      source: "snapshot",
      lastDate: "2025-05-01",
      stale: true,
      reason: "API refresh failed: BCB API answered HTTP 500",
      checkedAt: "2025-06-10T12:00:00.000Z",
    },
  ];

  it("turns a load's status into raw.bcb_series_status rows with the freshness warning", () => {
    expect(seriesStatusRows(status, "2025-08-01")).toEqual([
      {
        series_id: 1,
        series_key: "usd_brl",
        source: "api",
        last_date: "2025-06-06",
        stale: false,
        reason: null,
        checked_at: "2025-06-10T12:00:00.000Z",
        freshness_warning: "USD/BRL PTAX sell rate (R$ per US$) (series 1) is as of 2025-06-06, 40 business days before 2025-08-01 (limit 4)",
      },
      {
        series_id: 433,
        series_key: "ipca",
        source: "snapshot",
        last_date: "2025-05-01",
        stale: true,
        reason: "API refresh failed: BCB API answered HTTP 500",
        checked_at: "2025-06-10T12:00:00.000Z",
        freshness_warning: "IPCA, % change in the month (series 433) is as of 2025-05 (month ended 2025-05-31), 62 days before 2025-08-01 (limit 45)",
      },
    ]);
    expect(Object.keys(seriesStatusRows(status)[0])).toEqual(SERIES_STATUS_COLUMNS.map((c) => c.name));
  });

  it("judges freshness on the Brasília date of the check by default", () => {
    expect(seriesStatusRows(status).map((r) => r.freshness_warning)).toEqual([null, null]);
    expect(todayInBrasilia(new Date("2026-01-01T02:00:00Z"))).toBe("2025-12-31");
  });
});
