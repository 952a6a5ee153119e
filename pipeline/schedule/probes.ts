// What the sensors read: the orders cursor of the PostgreSQL source and of the warehouse (computed alike, so
// that equal means "nothing new"), and the BCB series' last dates in the warehouse.
import type { Config } from "../config.ts";
import { qualified, withSource } from "../extract/postgres/connect.ts";
import { readWarehouse, type WarehouseSettings } from "../warehouse/open.ts";
import type { Warehouse } from "../warehouse/warehouse.ts";
import { bcbFreshnessSensor, sourceChangeSensor, type Sensor, type SeriesDate } from "./sensors.ts";

/** "2018-08-31T20:23:44|1000": newest purchase and order count; rows added, deleted or back-dated all change it. */
export function ordersCursor(newest: string | null, count: number): string {
  return `${newest ?? "none"}|${count}`;
}

export async function sourceOrdersCursor(url: string, schema = "public"): Promise<string> {
  return withSource(
    url,
    async (client) => {
      const { rows } = await client.query<{ n: string; newest: string | null }>(
        `select count(*)::bigint as n,
                to_char(max(order_purchase_timestamp), 'YYYY-MM-DD"T"HH24:MI:SS') as newest
         from ${qualified(schema, "orders")}`,
      );
      return ordersCursor(rows[0].newest, Number(rows[0].n));
    },
    { applicationName: "olist-source-sensor", connectTimeoutMs: 10_000 },
  );
}

/** Opens the live warehouse read-only for one query; undefined when there is no warehouse or no such table. */
async function readRaw<T>(settings: WarehouseSettings, table: string, read: (w: Warehouse) => Promise<T>): Promise<T | undefined> {
  return readWarehouse(settings, async (warehouse) => ((await warehouse.columns("raw", table)) ? read(warehouse) : undefined), { threads: 1 });
}

export async function warehouseOrdersCursor(settings: WarehouseSettings): Promise<string | null> {
  const cursor = await readRaw(settings, "orders", async (w) => {
    // Every engine returns a timestamp as yyyy-MM-ddTHH:mm:ss (Warehouse's Cell), the source cursor's format.
    const [row] = await w.query<{ n: number; newest: string | null }>(`select count(*) as n, max(order_purchase_timestamp) as newest from raw.orders`);
    return ordersCursor(row.newest, row.n);
  });
  return cursor ?? null;
}

export async function warehouseSeriesDates(settings: WarehouseSettings): Promise<SeriesDate[]> {
  const rows = await readRaw(settings, "bcb_series_status", (w) =>
    w.query<{ series_id: number; last_date: string | null }>(`select series_id, last_date from raw.bcb_series_status order by series_id`),
  );
  return (rows ?? []).map((r) => ({ seriesId: r.series_id, lastDate: r.last_date }));
}

/** The sensors the configuration switches on; the source sensor needs a PostgreSQL source. */
export function configuredSensors(config: Config): Sensor[] {
  const s = config.schedule;
  const sensors: Sensor[] = [];
  if (s.bcbFreshnessSensor.enabled) {
    sensors.push(bcbFreshnessSensor({ cron: s.bcbFreshnessSensor.cron, lastDates: () => warehouseSeriesDates(config) }));
  }
  const url = config.sourceDatabaseUrl;
  if (s.sourceChangeSensor.enabled && url) {
    sensors.push(
      sourceChangeSensor({
        cron: s.sourceChangeSensor.cron,
        probe: () => sourceOrdersCursor(url),
        extracted: () => warehouseOrdersCursor(config),
      }),
    );
  }
  return sensors;
}
