import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { BcbRequestError, fetchSeries, sgsUrl, tenYearWindows, type FetchSeriesOptions } from "../../../pipeline/extract/bcb/client.ts";
import { toSgsDate } from "../../../pipeline/extract/bcb/dates.ts";
import type { Logger } from "../../../pipeline/log.ts";
import { startFakeSgsServer, type FakeSgsServer } from "./fakeSgsServer.ts";

const row = (iso: string, valor: string) => ({ data: toSgsDate(iso), valor });
const IPCA_2017 = ["0.38", "0.33", "0.25", "0.14", "0.31", "-0.23", "0.24", "0.19", "0.16", "0.42", "0.28", "0.44"].map((v, i) =>
  row(`2017-${String(i + 1).padStart(2, "0")}-01`, v),
);
const YEAR_2017 = { from: "2017-01-01", to: "2017-12-31" };
const HTML = "<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body>proxy</body></html>";

let server: FakeSgsServer;
let delays: number[];
let warnings: string[];

function options(extra: Partial<FetchSeriesOptions> = {}): FetchSeriesOptions {
  const log: Logger = { debug() {}, info() {}, warn: (m) => warnings.push(m), error: (m) => warnings.push(m) };
  return {
    baseUrl: server.baseUrl,
    sleep: async (ms) => {
      delays.push(ms);
    },
    random: () => 0.5,
    timeoutMs: 1_000,
    log,
    ...extra,
  };
}

async function rejection(promise: Promise<unknown>): Promise<BcbRequestError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(BcbRequestError);
  return error as BcbRequestError;
}

beforeEach(async () => {
  server = await startFakeSgsServer({ 433: IPCA_2017 });
  delays = [];
  warnings = [];
});
afterEach(() => server.close());

describe("fetchSeries", () => {
  it("asks for exactly the requested range and keeps the API's spelling", async () => {
    const result = await fetchSeries(433, YEAR_2017, options());
    expect(server.requests.map((r) => r.url)).toEqual(["/dados/serie/bcdata.sgs.433/dados?formato=json&dataInicial=01/01/2017&dataFinal=31/12/2017"]);
    expect(result.observations).toHaveLength(12);
    expect(result.observations[5]).toEqual({ seriesId: 433, date: "2017-06-01", value: -0.23 });
    expect(result.rows[0]).toEqual({ data: "01/01/2017", valor: "0.38" });
    expect(delays).toEqual([]);
  });

  it("refuses a series it cannot validate before sending any request", async () => {
    await expect(fetchSeries(99_999, YEAR_2017, options())).rejects.toThrow(/Unknown SGS series 99999; known: 1, 433, 432/);
    expect(server.requests).toEqual([]);
  });

  it("builds the documented URL whatever trailing slash the base URL has", () => {
    expect(sgsUrl("https://api.bcb.gov.br/", 1, { from: "2024-02-29", to: "2024-03-01" })).toBe(
      "https://api.bcb.gov.br/dados/serie/bcdata.sgs.1/dados?formato=json&dataInicial=29/02/2024&dataFinal=01/03/2024",
    );
  });

  it("drops rows the API sends outside the requested range", async () => {
    server.enqueue({ body: JSON.stringify([row("2016-12-01", "0.30"), ...IPCA_2017.slice(0, 2)]) });
    const result = await fetchSeries(433, YEAR_2017, options());
    expect(result.observations.map((o) => o.date)).toEqual(["2017-01-01", "2017-02-01"]);
    expect(warnings[0]).toMatch(/1 observation\(s\) outside the requested range for series 433/);
  });
});

describe("ten-year windows", () => {
  it("splits a long range into inclusive, contiguous windows of at most ten years", () => {
    expect(tenYearWindows({ from: "1999-03-05", to: "2026-04-13" })).toEqual([
      { from: "1999-03-05", to: "2009-03-04" },
      { from: "2009-03-05", to: "2019-03-04" },
      { from: "2019-03-05", to: "2026-04-13" },
    ]);
    expect(tenYearWindows({ from: "2016-02-29", to: "2030-01-01" })).toEqual([
      { from: "2016-02-29", to: "2026-02-27" },
      { from: "2026-02-28", to: "2030-01-01" },
    ]);
    expect(tenYearWindows({ from: "2020-05-05", to: "2020-05-05" })).toEqual([{ from: "2020-05-05", to: "2020-05-05" }]);
    expect(() => tenYearWindows({ from: "2020-05-06", to: "2020-05-05" })).toThrow(/Empty date range/);
  });

  it("requests a daily series over 27 years window by window, tolerating a window without data", async () => {
    // The fake answers 406 to a daily window over ten years and 404 to one without data, like the real API.
    server.data.set(432, [row("1999-03-05", "45"), row("2009-03-04", "12.75"), row("2026-04-13", "14.75")]);
    const result = await fetchSeries(432, { from: "1999-03-05", to: "2026-04-13" }, options());
    expect(server.windowsOf(432)).toEqual([
      ["05/03/1999", "04/03/2009"],
      ["05/03/2009", "04/03/2019"],
      ["05/03/2019", "13/04/2026"],
    ]);
    expect(result.rows).toEqual([row("1999-03-05", "45"), row("2009-03-04", "12.75"), row("2026-04-13", "14.75")]);
  });
});

describe("retries", () => {
  it("retries an HTTP 500 after a jittered exponential backoff, then succeeds", async () => {
    server.enqueue([
      { status: 500, body: "oops" },
      { status: 503, body: "" },
    ]);
    const result = await fetchSeries(433, YEAR_2017, options());
    expect(result.observations).toHaveLength(12);
    expect(server.requests).toHaveLength(3);
    // Full jitter with random() = 0.5: half of 1 s, then half of 2 s.
    expect(delays).toEqual([500, 1_000]);
    expect(warnings[0]).toBe("BCB API answered HTTP 500 for series 433 (2017-01-01..2017-12-31); retrying in 500 ms (attempt 2 of 4)");
  });

  it("honours Retry-After in seconds on HTTP 429", async () => {
    server.enqueue({ status: 429, headers: { "retry-after": "3" }, body: "slow down" });
    await fetchSeries(433, YEAR_2017, options());
    expect(delays).toEqual([3_000]);
    expect(warnings[0]).toMatch(/HTTP 429 \(too many requests\) for series 433 .*; retrying in 3 s/);
  });

  it("honours Retry-After as an HTTP-date", async () => {
    const now = Date.parse("2026-11-26T12:00:00Z");
    server.enqueue({ status: 503, headers: { "retry-after": new Date(now + 7_000).toUTCString() } });
    await fetchSeries(433, YEAR_2017, options({ now: () => now }));
    expect(delays).toEqual([7_000]);
  });

  it("gives up at once when Retry-After is longer than the run is willing to wait", async () => {
    server.enqueue({ status: 429, headers: { "retry-after": "3600" } });
    const error = await rejection(fetchSeries(433, YEAR_2017, options()));
    expect(error.message).toMatch(/asked to wait 3600 s, longer than the 60 s this run waits; gave up$/);
    expect(error.status).toBe(429);
    expect(delays).toEqual([]);
  });

  it("times out a slow answer and retries", async () => {
    server.enqueue({ delayMs: 400, body: "[]" });
    const result = await fetchSeries(433, YEAR_2017, options({ timeoutMs: 50 }));
    expect(result.observations).toHaveLength(12);
    expect(server.requests).toHaveLength(2);
    expect(warnings[0]).toBe("BCB API did not answer within 50 ms for series 433 (2017-01-01..2017-12-31); retrying in 500 ms (attempt 2 of 4)");
  });

  it("retries network errors and then says it gave up", async () => {
    const closed = await startFakeSgsServer();
    const baseUrl = closed.baseUrl;
    await closed.close();
    const error = await rejection(fetchSeries(433, YEAR_2017, options({ baseUrl, maxAttempts: 2 })));
    expect(error.kind).toBe("network");
    expect(error.message).toMatch(
      /^Could not reach the BCB API at http:\/\/127\.0\.0\.1:\d+ for series 433 \(2017-01-01\.\.2017-12-31\): .*gave up after 2 attempts$/,
    );
    expect(delays).toEqual([500]);
  });

  it("does not retry a client error other than 429", async () => {
    server.enqueue({ status: 400, body: JSON.stringify({ error: "Datas inválidas" }) });
    const error = await rejection(fetchSeries(433, YEAR_2017, options()));
    expect(error.message).toMatch(/^BCB API answered HTTP 400 for series 433 \(2017-01-01\.\.2017-12-31\): Datas inválidas; not retried/);
    expect(server.requests).toHaveLength(1);
    expect(delays).toEqual([]);
  });
});

describe("bodies that are not data", () => {
  it("retries an HTML page a few times, then rejects it naming series and range", async () => {
    server.enqueue([{ body: HTML }, { body: HTML }, { body: HTML }]);
    const error = await rejection(fetchSeries(433, YEAR_2017, options({ maxAttempts: 3 })));
    expect(error.message).toBe("BCB API returned HTML instead of JSON for series 433 (2017-01-01..2017-12-31); gave up after 3 attempts");
    expect(error.kind).toBe("format");
    expect(warnings[0]).toBe("BCB API returned HTML instead of JSON for series 433 (2017-01-01..2017-12-31); retrying in 500 ms (attempt 2 of 3)");
    expect(delays).toEqual([500, 1_000]);
  });

  it("rejects malformed JSON naming series and range", async () => {
    server.enqueue([{ body: '[{"data":"01/01/2017","valor":"0.38"' }, { body: "" }]);
    const error = await rejection(fetchSeries(433, YEAR_2017, options({ maxAttempts: 2 })));
    expect(error.message).toMatch(/^BCB API returned malformed JSON for series 433 \(2017-01-01\.\.2017-12-31\): .*gave up after 2 attempts$/);
  });

  it("rejects an empty array naming series and range, without retrying", async () => {
    server.enqueue({ body: "[]" });
    const error = await rejection(fetchSeries(433, YEAR_2017, options()));
    expect(error.kind).toBe("empty");
    expect(error.message).toMatch(
      /^BCB API returned no observations for series 433 \(2017-01-01\.\.2017-12-31\) \(the API answered an empty array\); not retried/,
    );
    expect(server.requests).toHaveLength(1);
  });

  it("reports the API's 404 'no data' answer when the range is empty", async () => {
    const error = await rejection(fetchSeries(433, { from: "2030-01-01", to: "2030-12-31" }, options()));
    expect(error.message).toMatch(/no observations for series 433 \(2030-01-01\.\.2030-12-31\) \(HTTP 404: Value\(s\) not found\)/);
  });

  it("accepts an empty answer when the caller says nothing new is fine", async () => {
    const result = await fetchSeries(433, { from: "2030-01-01", to: "2030-12-31" }, options({ allowEmpty: true }));
    expect(result.rows).toEqual([]);
    server.enqueue({ body: "[]" });
    expect((await fetchSeries(433, YEAR_2017, options({ allowEmpty: true }))).rows).toEqual([]);
  });

  it("rejects comma decimals naming series and range, without retrying", async () => {
    server.enqueue({ body: JSON.stringify([{ data: "01/01/2017", valor: "0,38" }]) });
    const error = await rejection(fetchSeries(433, YEAR_2017, options()));
    expect(error.message).toBe(
      'Bad value "0,38" on 2017-01-01 in series 433 (2017-01-01..2017-12-31): expected a dot decimal; ' +
        "not retried: the API sent well-formed JSON with invalid data",
    );
    expect(server.requests).toHaveLength(1);
  });
});
