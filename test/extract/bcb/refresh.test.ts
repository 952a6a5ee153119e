import { cp, mkdtemp, readdir, readFile, rm, unlink } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { PROJECT_ROOT } from "../../../pipeline/config.ts";
import { toSgsDate } from "../../../pipeline/extract/bcb/dates.ts";
import { BcbUnavailableError, loadIndicators, refreshSnapshots, type LoadOptions } from "../../../pipeline/extract/bcb/refresh.ts";
import { serializeSgsRows, type SgsRow } from "../../../pipeline/extract/bcb/sgsRows.ts";
import { SnapshotWriteError, writeSnapshotAtomically } from "../../../pipeline/extract/bcb/snapshotWrite.ts";
import type { Logger } from "../../../pipeline/log.ts";
import { startFakeSgsServer, type FakeSgsServer } from "./fakeSgsServer.ts";

const COMMITTED = path.join(PROJECT_ROOT, "data/bcb");
// The committed snapshot ends on 2025-06-11 (series 1), 2025-05-01 (433) and 2026-04-13 (432).
const TODAY = "2026-04-20";
const row = (iso: string, valor: string): SgsRow => ({ data: toSgsDate(iso), valor });
const NEW_USD = [row("2026-04-16", "5.0123"), row("2026-04-17", "5.0200")];
const NEW_IPCA = [row("2025-06-01", "0.24"), row("2026-03-01", "0.50")];
const NEW_SELIC = [row("2026-04-14", "14.75"), row("2026-04-15", "14.25")];

let dir: string;
let server: FakeSgsServer;
let committed: Record<number, string>;
let warnings: string[];
const quiet = (): Logger => ({ debug() {}, info() {}, warn: (m) => warnings.push(m), error: (m) => warnings.push(m) });

function live(extra: Partial<LoadOptions> = {}): LoadOptions {
  return {
    mode: "live",
    baseUrl: server.baseUrl,
    snapshotDir: dir,
    today: TODAY,
    sleep: async () => {},
    random: () => 0.5,
    timeoutMs: 1_000,
    maxAttempts: 3,
    now: () => new Date("2026-04-20T12:00:00Z"),
    log: quiet(),
    ...extra,
  };
}

const fileText = (id: number) => readFile(path.join(dir, `sgs-${id}.json`), "utf8");

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "bcb-snapshot-"));
  await cp(COMMITTED, dir, { recursive: true });
  committed = {};
  const data: Record<number, SgsRow[]> = {};
  for (const [id, extra] of [
    [1, NEW_USD],
    [433, NEW_IPCA],
    [432, NEW_SELIC],
  ] as const) {
    committed[id] = await fileText(id);
    data[id] = [...(JSON.parse(committed[id]) as SgsRow[]), ...extra];
  }
  server = await startFakeSgsServer(data);
  warnings = [];
});

afterEach(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

describe("loadIndicators in snapshot mode", () => {
  it("reads data/bcb without touching the network and flags the old data as stale", async () => {
    const fetchImpl = (() => Promise.reject(new Error("no network in snapshot mode"))) as typeof fetch;
    const load = await loadIndicators({ mode: "snapshot", baseUrl: server.baseUrl, snapshotDir: COMMITTED, today: "2026-11-26", fetchImpl });
    expect(server.requests).toEqual([]);
    expect(load.observations).toHaveLength(4582 + 221 + 9902);
    expect(load.status.map((s) => [s.seriesId, s.source, s.lastDate, s.stale])).toEqual([
      [1, "snapshot", "2025-06-11", true],
      [433, "snapshot", "2025-05-01", true],
      [432, "snapshot", "2026-04-13", true],
    ]);
    expect(load.status[0].reason).toMatch(/series 1\) is as of 2025-06-11, \d+ business days before 2026-11-26 \(limit 4\)/);
  });

  it("fails clearly when a committed snapshot is missing", async () => {
    await unlink(path.join(dir, "sgs-433.json"));
    await expect(loadIndicators({ mode: "snapshot", baseUrl: server.baseUrl, snapshotDir: dir })).rejects.toThrow(
      /No usable BCB snapshot for series 433 at .*sgs-433\.json: ENOENT.*bcb refresh/,
    );
  });
});

describe("loadIndicators in live mode", () => {
  it("asks only for dates after the last stored one minus the revision window", async () => {
    const load = await loadIndicators(live());
    expect(server.windowsOf(1)).toEqual([["04/06/2025", "20/04/2026"]]);
    expect(server.windowsOf(433)).toEqual([["28/02/2025", "20/04/2026"]]);
    expect(server.windowsOf(432)).toEqual([["06/04/2026", "20/04/2026"]]);
    expect(server.requests.every((r) => r.formato === "json")).toBe(true);
    expect(load.status).toEqual([
      { seriesId: 1, source: "api", lastDate: "2026-04-17", stale: false, reason: null, checkedAt: "2026-04-20T12:00:00.000Z" },
      { seriesId: 433, source: "api", lastDate: "2026-03-01", stale: false, reason: null, checkedAt: "2026-04-20T12:00:00.000Z" },
      { seriesId: 432, source: "api", lastDate: "2026-04-15", stale: false, reason: null, checkedAt: "2026-04-20T12:00:00.000Z" },
    ]);
    expect(load.observations.filter((o) => o.seriesId === 1).at(-1)).toEqual({ seriesId: 1, date: "2026-04-17", value: 5.02 });
  });

  it("appends new observations to the snapshot in the API's own format, so the diff is only the new rows", async () => {
    await loadIndicators(live());
    const appended = (id: number, rows: SgsRow[]) => `${committed[id].slice(0, -1)},${serializeSgsRows(rows).slice(1)}`;
    expect(await fileText(1)).toBe(appended(1, NEW_USD));
    expect(await fileText(433)).toBe(appended(433, NEW_IPCA));
    expect(await fileText(432)).toBe(appended(432, NEW_SELIC));
    expect((await readdir(dir)).sort()).toEqual(["sgs-1.json", "sgs-432.json", "sgs-433.json"]);
  });

  it("lets the API's value win where it revised a stored observation", async () => {
    const usd = server.data.get(1)!;
    const i = usd.findIndex((r) => r.data === "10/06/2025");
    const stored = usd[i].valor;
    usd[i] = { data: "10/06/2025", valor: "5.6000" };
    const report = await refreshSnapshots({ bcbApiUrl: server.baseUrl, bcbSnapshotDir: dir }, live());
    expect(report.series[0]).toMatchObject({ seriesId: 1, added: 2, revised: 1, written: true, error: null });
    expect(await fileText(1)).toContain('{"data":"10/06/2025","valor":"5.6000"}');
    expect(await fileText(1)).not.toContain(`{"data":"10/06/2025","valor":"${stored}"}`);
  });

  it("does not rewrite a snapshot the API has nothing new for", async () => {
    server.data.set(433, JSON.parse(committed[433]) as SgsRow[]);
    const report = await refreshSnapshots({ bcbApiUrl: server.baseUrl, bcbSnapshotDir: dir }, live());
    expect(report.series[1]).toMatchObject({ seriesId: 433, added: 0, revised: 0, written: false });
    expect(await fileText(433)).toBe(committed[433]);
    expect(report.ok).toBe(true);
  });

  it("asks again for the last stored date even without a revision window, so 'nothing new yet' is not empty", async () => {
    server.data.set(432, JSON.parse(committed[432]) as SgsRow[]);
    const report = await refreshSnapshots({ bcbApiUrl: server.baseUrl, bcbSnapshotDir: dir }, live({ revisionDays: 0 }));
    expect(server.windowsOf(432)).toEqual([["13/04/2026", "20/04/2026"]]);
    // The API answered, but a week without a SELIC observation is older than a daily series may be.
    expect(report.status[2]).toMatchObject({ source: "api", lastDate: "2026-04-13", stale: true });
    expect(report.status[2].reason).toMatch(/series 432\) is as of 2026-04-13, 5 business days before 2026-04-20/);
    expect(report.series[2]).toMatchObject({ added: 0, revised: 0, written: false, error: null });
  });

  it("rejects a negative revision window", async () => {
    await expect(loadIndicators(live({ revisionDays: -1 }))).rejects.toThrow(/revisionDays must be a non-negative integer/);
  });

  it("falls back to the snapshot after a permanent failure, marking the series stale with the reason", async () => {
    server.enqueue(
      Array.from({ length: 5 }, () => ({ status: 500, body: "down" })),
      433,
    );
    const load = await loadIndicators(live());
    const ipca = load.status[1];
    expect(ipca).toMatchObject({ seriesId: 433, source: "snapshot", lastDate: "2025-05-01", stale: true });
    expect(ipca.reason).toMatch(
      /^API refresh failed: BCB API answered HTTP 500 for series 433 \(2025-02-28\.\.2026-04-20\); gave up after 3 attempts; using .*sgs-433\.json as of 2025-05-01$/,
    );
    expect(server.windowsOf(433)).toHaveLength(3);
    expect(load.observations.filter((o) => o.seriesId === 433)).toHaveLength(221);
    expect(await fileText(433)).toBe(committed[433]);
    expect(load.status[0].source).toBe("api");
  });

  it("keeps the old file byte-identical when the API's data does not validate", async () => {
    server.enqueue({ body: JSON.stringify([{ data: "16/04/2026", valor: "5,0123" }]) }, 1);
    server.enqueue({ body: JSON.stringify([row("2026-04-14", "250")]) }, 432);
    const report = await refreshSnapshots({ bcbApiUrl: server.baseUrl, bcbSnapshotDir: dir }, live());
    expect(report.ok).toBe(false);
    expect(report.status[0].reason).toMatch(/Bad value "5,0123" on 2026-04-16 in series 1 \(2025-06-04\.\.2026-04-20\)/);
    expect(report.status[2].reason).toMatch(/Implausible value 250 on 2026-04-14 in series 432 \(2026-04-06\.\.2026-04-20\)/);
    expect(await fileText(1)).toBe(committed[1]);
    expect(await fileText(432)).toBe(committed[432]);
    expect((await readdir(dir)).sort()).toEqual(["sgs-1.json", "sgs-432.json", "sgs-433.json"]);
  });

  it("rebuilds a missing snapshot from the API, window by window", async () => {
    await unlink(path.join(dir, "sgs-1.json"));
    const load = await loadIndicators(live({ historyStart: "2007-01-01" }));
    expect(server.windowsOf(1)).toEqual([
      ["01/01/2007", "31/12/2016"],
      ["01/01/2017", "20/04/2026"],
    ]);
    expect(await fileText(1)).toBe(`${committed[1].slice(0, -1)},${serializeSgsRows(NEW_USD).slice(1)}`);
    expect(load.status[0].source).toBe("api");
  });

  it("throws when neither the API nor a snapshot can provide a series", async () => {
    await unlink(path.join(dir, "sgs-1.json"));
    server.enqueue(
      Array.from({ length: 5 }, () => ({ status: 502 })),
      1,
    );
    await expect(loadIndicators(live())).rejects.toThrow(BcbUnavailableError);
  });

  it("returns the merged data without writing when writeSnapshot is false", async () => {
    const load = await loadIndicators(live({ writeSnapshot: false }));
    expect(load.status[0].lastDate).toBe("2026-04-17");
    expect(await fileText(1)).toBe(committed[1]);
  });
});

describe("writeSnapshotAtomically", () => {
  it("refuses rows that do not validate and leaves the old file and no temporary file behind", async () => {
    const rows = [...(JSON.parse(committed[1]) as SgsRow[]), { data: "12/06/2025", valor: "5,54" }];
    await expect(writeSnapshotAtomically(dir, 1, rows)).rejects.toThrow(SnapshotWriteError);
    await expect(writeSnapshotAtomically(dir, 1, rows)).rejects.toThrow(/Bad value "5,54".*kept the old file unchanged/);
    expect(await fileText(1)).toBe(committed[1]);
    expect((await readdir(dir)).sort()).toEqual(["sgs-1.json", "sgs-432.json", "sgs-433.json"]);
  });

  it("refuses a merge that ends before the stored last date", async () => {
    const rows = (JSON.parse(committed[1]) as SgsRow[]).slice(0, -3);
    await expect(writeSnapshotAtomically(dir, 1, rows, "2025-06-11")).rejects.toThrow(/ends on 2025-06-06, before the stored 2025-06-11/);
    expect(await fileText(1)).toBe(committed[1]);
  });

  it("replaces the file in one step and reports when nothing changed", async () => {
    const rows = [...(JSON.parse(committed[1]) as SgsRow[]), row("2025-06-12", "5.5400")];
    expect((await writeSnapshotAtomically(dir, 1, rows)).written).toBe(true);
    expect(await fileText(1)).toBe(serializeSgsRows(rows));
    expect((await writeSnapshotAtomically(dir, 1, rows)).written).toBe(false);
  });
});
