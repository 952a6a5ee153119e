// Economy: the daily USD/BRL and SELIC of the sales period, the monthly sales with IPCA, the payment mix per
// month, and the USD/BRL thresholds of the exchange-rate periods (models/project.yml).
import { readFileSync } from "node:fs";
import path from "node:path";
import { parse } from "yaml";
import { PROJECT_ROOT } from "../../pipeline/config.ts";
import { columns, emit, withMarts } from "../../pipeline/site/loader.ts";

const { vars } = parse(readFileSync(path.join(PROJECT_ROOT, "models", "project.yml"), "utf8"));

emit(() =>
  withMarts(async (w) => {
    const daily = await w.query(`
      select date_day, usd_brl_rate, selic_rate, exchange_rate_period
      from marts.dim_calendar
      where date_day between (select min(order_month) from marts.fct_monthly_economics)
        and (select max(order_date) from marts.fct_orders_with_economics)
      order by date_day`);
    const monthly = await w.query(`
      select e.order_month, e.order_count, e.total_revenue_brl, e.total_revenue_usd, e.total_revenue_real_brl,
             e.avg_order_value_brl, e.avg_usd_brl_rate, e.exchange_rate_period, e.ipca_month_pct, e.ipca_12m_pct,
             e.avg_selic_rate, m.is_full_month, m.exclusion_reason
      from marts.fct_monthly_economics as e
      join marts.dim_sales_months as m on e.order_month = m.order_month
      order by e.order_month`);
    const payments = await w.query(`
      select order_month, payment_type, order_count as orders
      from marts.fct_monthly_payment_mix
      order by order_month, payment_type`);
    return {
      thresholds: { strongBelow: Number(vars.strong_brl_below), weakAbove: Number(vars.weak_brl_above) },
      daily: columns(daily),
      monthly: columns(monthly),
      payments: columns(payments),
    };
  }),
);
