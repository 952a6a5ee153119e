// A pipeline run end to end on the embedded sample: deterministic raw tables, skipping unchanged work, and a
// failing run that leaves the last good warehouse untouched.
import { createHash } from "node:crypto";
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../../pipeline/config.ts";
import { OLIST_TABLES } from "../../pipeline/extract/olistSchema.ts";
import { PipelineError, runPipeline } from "../../pipeline/run/launch.ts";
import { openAt } from "../support/warehouse.ts";

function scratch(name: string, env: Record<string, string> = {}) {
  const dir = mkdtempSync(path.join(os.tmpdir(), `run-${name}-`));
  return loadConfig({
    SAMPLE_ORDERS: "1500",
    SAMPLE_DIR: path.join(dir, "sample"),
    WAREHOUSE_PATH: path.join(dir, "analytics.duckdb"),
    ...env,
  } as NodeJS.ProcessEnv);
}

/** One hash per raw table, over its rows in a canonical order. */
async function rawHashes(file: string): Promise<Record<string, string>> {
  const warehouse = await openAt(file, { readOnly: true });
  try {
    const out: Record<string, string> = {};
    for (const table of OLIST_TABLES) {
      const [row] = await warehouse.query<{ h: string }>(
        `select md5(coalesce(string_agg(cast(t as varchar), '|' order by cast(t as varchar)), '')) as h from raw.${table.name} as t`,
      );
      out[table.name] = row.h;
    }
    return out;
  } finally {
    await warehouse.close();
  }
}

const sha = (file: string) => createHash("sha256").update(readFileSync(file)).digest("hex");

describe("a pipeline run", () => {
  it("gives identical raw tables for the same seed and different ones for another seed", async () => {
    const a = scratch("a");
    const b = scratch("b");
    const c = scratch("c", { SAMPLE_SEED: "7" });
    for (const config of [a, b, c]) await runPipeline({ config, steps: ["extract"] });
    const [ha, hb, hc] = await Promise.all([a, b, c].map((cfg) => rawHashes(cfg.warehousePath)));
    expect(hb).toEqual(ha);
    for (const table of ["orders", "order_items", "customers", "order_payments", "order_reviews"]) {
      expect(hc[table], table).not.toBe(ha[table]);
    }
  });

  it("skips every step when nothing changed, and reruns from the step whose input changed", async () => {
    const config = scratch("skip");
    const first = await runPipeline({ config });
    expect(first.status).toBe("success");
    expect(first.steps.map((s) => s.status)).toEqual(["success", "success", "success", "success", "success"]);
    const again = await runPipeline({ config });
    expect(again.status).toBe("skipped");
    // A different BCB snapshot (same content, other directory) keeps the fingerprint: content decides.
    const copy = path.join(path.dirname(config.warehousePath), "bcb");
    cpSync(config.bcbSnapshotDir, copy, { recursive: true });
    expect((await runPipeline({ config: { ...config, bcbSnapshotDir: copy } })).status).toBe("skipped");
    // One more IPCA month changes the indicators step: it and everything after it run, extraction does not.
    const ipcaFile = path.join(copy, "sgs-433.json");
    const ipca = JSON.parse(readFileSync(ipcaFile, "utf8"));
    ipca.push({ data: "01/06/2025", valor: "0.26" });
    writeFileSync(ipcaFile, JSON.stringify(ipca));
    const changed = await runPipeline({ config: { ...config, bcbSnapshotDir: copy } });
    expect(changed.steps.map((s) => `${s.step}:${s.status}`)).toEqual([
      "extract:skipped",
      "indicators:success",
      "models:success",
      "report:success",
      "tests:success",
    ]);
  });

  it("leaves the last good warehouse byte-identical when a step fails", async () => {
    const config = scratch("fail");
    await runPipeline({ config });
    const before = sha(config.warehousePath);
    const broken = path.join(path.dirname(config.warehousePath), "bcb-broken");
    cpSync(config.bcbSnapshotDir, broken, { recursive: true });
    writeFileSync(path.join(broken, "sgs-433.json"), "<html>maintenance</html>");
    const failing = runPipeline({ config: { ...config, bcbSnapshotDir: broken } });
    await expect(failing).rejects.toThrow(PipelineError);
    await expect(failing).rejects.toThrow(/series 433/);
    expect(sha(config.warehousePath)).toBe(before);
  });
});
