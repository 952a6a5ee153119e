// The queries the site's data loaders and the notebooks share, so a number never differs between the two.
// Plain functions of a Warehouse. tslab compiles this file for the notebooks with its own TypeScript (CommonJS):
// keep import specifiers ending in .js and keep import.meta out.
import type { Warehouse } from "../warehouse/warehouse.js";

export type OverviewKpis = {
  orders: number;
  revenue_brl: number;
  revenue_usd: number;
  avg_order_value_brl: number;
  customers: number;
  last_order_date: string;
};

/** The Overview's headline numbers: sales only (is_sale, the status rule of models/project.yml). */
export async function overviewKpis(w: Warehouse): Promise<OverviewKpis> {
  const [kpis] = await w.query<OverviewKpis>(`
    select
      count(*) as orders,
      sum(order_value_brl) as revenue_brl,
      sum(order_value_usd) as revenue_usd,
      sum(order_value_brl) / count(*) as avg_order_value_brl,
      count(distinct customer_unique_id) as customers,
      cast(max(purchased_at) as date) as last_order_date
    from marts.fct_orders_with_economics
    where is_sale`);
  return kpis;
}

export type MonthlyEconomics = {
  order_month: string;
  order_count: number;
  total_revenue_brl: number;
  total_revenue_usd: number;
  total_revenue_real_brl: number;
  avg_order_value_brl: number;
  avg_usd_brl_rate: number;
  exchange_rate_period: string;
  /** False for a partial or thin month (dim_sales_months): charts shade it, fits and growth rates leave it out. */
  is_full_month: boolean;
  exclusion_reason: string | null;
};

/**
 * One row per month: sales in BRL, USD and constant BRL beside the month's average USD/BRL, and whether it is a
 * full month.
 */
export function monthlyEconomics(w: Warehouse): Promise<MonthlyEconomics[]> {
  return w.query<MonthlyEconomics>(`
    select e.order_month, e.order_count, e.total_revenue_brl, e.total_revenue_usd, e.total_revenue_real_brl,
           e.avg_order_value_brl, e.avg_usd_brl_rate, e.exchange_rate_period, m.is_full_month, m.exclusion_reason
    from marts.fct_monthly_economics as e
    join marts.dim_sales_months as m on e.order_month = m.order_month
    order by e.order_month`);
}

export type IndicatorStatus = {
  series_id: number;
  series_key: string;
  source: string;
  last_date: string | null;
  stale: boolean;
  reason: string | null;
  freshness_warning: string | null;
};

/** How fresh each BCB series is (snapshot or live, stale or not). */
export function indicatorStatus(w: Warehouse): Promise<IndicatorStatus[]> {
  return w.query<IndicatorStatus>(`
    select series_id, series_key, source, last_date, stale, reason, freshness_warning
    from raw.bcb_series_status
    order by series_id`);
}

export type LastRun = { run_id: string; started_at: string };

export async function lastRun(w: Warehouse): Promise<LastRun | undefined> {
  const [run] = await w.query<LastRun>(`select run_id, started_at from meta.runs order by started_at desc limit 1`);
  return run;
}

export type TableLoad = {
  table_name: string;
  source: string;
  rows_in: number;
  rows_loaded: number;
  rows_rejected: number;
  run_id: string;
};

/** What the latest extract read per source table: rows in = loaded + rejected (rejects in raw.rejects). */
export function latestLoads(w: Warehouse): Promise<TableLoad[]> {
  return w.query<TableLoad>(`
    select table_name, source, rows_in, rows_loaded, rows_rejected, run_id
    from meta.loads
    where run_id = (select max(run_id) from meta.loads)
    order by table_name`);
}

export type LoadReject = { table_name: string; line: number; reason: string; raw_record: string };

/** Source rows the latest extract could not parse or cast, with line and reason. */
export function latestLoadRejects(w: Warehouse): Promise<LoadReject[]> {
  return w.query<LoadReject>(`
    select table_name, line, reason, raw_record
    from raw.rejects
    where run_id = (select max(run_id) from meta.loads)
    order by table_name, line`);
}

export type StagingBalance = { table_name: string; raw_rows: number; staged_rows: number; rejected_rows: number };

/**
 * Per source table that staging validates: rows in raw, rows staging kept and rows it rejected
 * (staging.stg_rejected_rows). raw = staged + rejected holds when no row is lost or duplicated on the way.
 */
export async function stagingBalance(w: Warehouse): Promise<StagingBalance[]> {
  const tables = await w.query<{ table_name: string }>(`
    select distinct raw.table_name
    from information_schema.tables as raw
    join information_schema.tables as stg
      on stg.table_schema = 'staging' and stg.table_name = 'stg_' || raw.table_name
    where raw.table_schema = 'raw'
    order by raw.table_name`);
  if (tables.length === 0) return [];
  const counts = tables.map(
    ({ table_name: t }) => `
    select
      '${t}' as table_name,
      (select count(*) from raw."${t}") as raw_rows,
      (select count(*) from staging."stg_${t}") as staged_rows,
      (select count(*) from staging.stg_rejected_rows where table_name = '${t}') as rejected_rows`,
  );
  return w.query<StagingBalance>(`${counts.join("\n    union all")}\n    order by table_name`);
}

export type StagingReject = { table_name: string; reject_reason: string; rows: number };

export function stagingRejectReasons(w: Warehouse): Promise<StagingReject[]> {
  return w.query<StagingReject>(`
    select table_name, reject_reason, count(*) as rows
    from staging.stg_rejected_rows
    group by table_name, reject_reason
    order by rows desc, table_name, reject_reason`);
}

export type TestResult = {
  test_id: string;
  model: string;
  test: string;
  severity: string;
  status: string;
  failures: number;
  message: string;
};

/** The data tests of the latest run that ran them (meta.test_results). */
export function latestTestResults(w: Warehouse): Promise<TestResult[]> {
  return w.query<TestResult>(`
    select test_id, model, test, severity, status, failures, message
    from meta.test_results
    where run_id = (select max(run_id) from meta.test_results)
    order by status <> 'pass' desc, model, test_id`);
}
