// A notebook's door to the warehouse: the site's own read-only access (pipeline/site/loader.ts: the same
// WAREHOUSE_PATH, the same clear error when it is missing) and the site's own page data (src/data/*.json.ts).
import { execFile } from "node:child_process";
import path from "node:path";
import type { Row, Warehouse } from "../pipeline/warehouse/warehouse.js";

// tslab compiles what a notebook imports with its own TypeScript into CommonJS, which cannot take the pipeline's
// `.ts` import specifiers or import.meta; the loader module is therefore loaded the way the site's data loaders
// run, through tsx, from the same source file.
const tsx: { require(id: string, from: string): unknown } = require("tsx/cjs/api");
const loader = tsx.require("../pipeline/site/loader.ts", __filename) as {
  withMarts<T>(read: (warehouse: Warehouse) => Promise<T>): Promise<T>;
  columns(rows: Row[]): Record<string, unknown[]>;
};
const config = tsx.require("../pipeline/config.ts", __filename) as {
  PROJECT_ROOT: string;
  loadConfig(): { warehousePath: string };
};

/** Runs `read` against the warehouse, opened read-only for the call, exactly as a data loader does. */
export function withMarts<T>(read: (warehouse: Warehouse) => Promise<T>): Promise<T> {
  return loader.withMarts(read);
}

/** Rows as the columnar JSON a data loader writes for its page (and the site's charts take). */
export function columns(rows: readonly object[]): Record<string, unknown[]> {
  return loader.columns(rows as Row[]);
}

/** One ad-hoc query, for exploring. Queries the site also shows belong in pipeline/site/queries.ts. */
export function query<T extends Row = Row>(sql: string): Promise<T[]> {
  return withMarts((w) => w.query<T>(sql));
}

/** The warehouse file the notebook reads (WAREHOUSE_PATH, or the project's default). */
export function warehousePath(): string {
  return config.loadConfig().warehousePath;
}

/**
 * The JSON a page of the site reads: runs the page's data loader (src/data/<name>.json.ts) against the same
 * warehouse, so the site's components can draw here exactly what they draw on the page.
 */
export function pageData<T = unknown>(name: string): Promise<T> {
  const file = path.join(config.PROJECT_ROOT, "src", "data", `${name}.json.ts`);
  return new Promise((resolve, reject) => {
    execFile(process.execPath, ["--import", "tsx", file], { cwd: config.PROJECT_ROOT, env: process.env, maxBuffer: 1 << 28 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`The data loader src/data/${name}.json.ts failed: ${stderr.trim() || error.message}`));
      else resolve(JSON.parse(stdout) as T);
    });
  });
}
