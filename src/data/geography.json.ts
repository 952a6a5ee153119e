// Geography: the state mart per month, the leading categories' revenue per state and month, and review scores
// per state, month and week of delivery delay (states only: 'unknown' left out); months as a dictionary, rows
// carry dim_sales_months.month_index.
import { columns, emit, withMarts } from "../../pipeline/site/loader.ts";

/** Rows of a state × month mart, the month as its index (the dictionary is `months`). */
const byState = (mart: string, select: string, order: string) => `
  select s.customer_state as state, m.month_index as month, ${select}
  from marts.${mart} as s
  join marts.dim_sales_months as m on s.order_month = m.order_month
  where s.customer_state <> 'unknown'
  order by month, state${order}`;

emit(() =>
  withMarts(async (w) => ({
    months: columns(await w.query(`
      select e.order_month, e.exchange_rate_period, m.is_full_month
      from marts.fct_monthly_economics as e
      join marts.dim_sales_months as m on e.order_month = m.order_month
      order by e.order_month`)),
    states: columns(await w.query(byState("fct_geographic_sales_economics", `
      s.order_count as orders, round(s.total_revenue_brl, 2) as brl, round(s.total_freight_brl, 2) as freight,
      s.avg_freight_ratio as freight_ratio, s.delivered_orders as delivered, s.avg_delivery_days as delivery_days,
      s.late_delivery_rate as late_rate`, ""))),
    categories: await w.query(`
      select category_label as name, category_label_pt as name_pt
      from marts.dim_categories where is_top_category order by category_index`),
    stateCategories: columns(await w.query(byState("fct_state_category_sales", `
      s.category_index as category, round(s.total_revenue_brl, 2) as brl`, ", category"))),
    reviews: columns(await w.query(byState("fct_state_delivery_reviews", `
      s.delay_week, s.reviewed_orders as reviews, round(s.review_score_sum, 2) as score_sum`, ", delay_week"))),
  })),
);
