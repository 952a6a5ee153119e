// Overview: headline KPIs, the monthly series, and how fresh the data is.
import { columns, emit, withMarts } from "../../pipeline/site/loader.ts";

emit(() =>
  withMarts(async (w) => {
    const [kpis] = await w.query(`
      select
        count(*) as orders,
        sum(order_value_brl) as revenue_brl,
        sum(order_value_usd) as revenue_usd,
        sum(order_value_brl) / count(*) as avg_order_value_brl,
        count(distinct customer_unique_id) as customers,
        cast(max(purchased_at) as date) as last_order_date
      from marts.fct_orders_with_economics
      where is_sale`);
    const monthly = await w.query(`
      select order_month, order_count, total_revenue_brl, total_revenue_usd, total_revenue_real_brl,
             avg_order_value_brl, avg_usd_brl_rate, exchange_rate_period
      from marts.fct_monthly_economics
      order by order_month`);
    const indicators = await w.query(`
      select series_id, series_key, source, last_date, stale, reason, freshness_warning
      from raw.bcb_series_status
      order by series_id`);
    const [run] = await w.query(`select run_id, started_at from meta.runs order by started_at desc limit 1`);
    return { kpis, monthly: columns(monthly), indicators, run };
  }),
);
