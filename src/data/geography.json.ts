// Geography: the state mart per month, the leading categories' revenue per state and month, and review scores
// per state, month and week of delivery delay; months as a dictionary (rows carry indexes).
import { columns, emit, withMarts } from "../../pipeline/site/loader.ts";

/** Categories shown by name in the state × category heat map; the rest add up as "other". */
const TOP_CATEGORIES = 12;

emit(() =>
  withMarts(async (w) => {
    const months = `
      select order_month, row_number() over (order by order_month) - 1 as idx
      from marts.fct_monthly_economics`;
    const top = `
      select
        category_name,
        max(category_name_pt) as category_name_pt,
        row_number() over (order by sum(total_revenue_brl) desc, category_name) - 1 as idx
      from marts.fct_category_performance_economics
      group by category_name
      qualify idx < ${TOP_CATEGORIES}`;
    const monthList = await w.query(`
      select order_month, exchange_rate_period from marts.fct_monthly_economics order by order_month`);
    const states = await w.query(`
      select
        g.customer_state as state,
        m.idx as month,
        g.order_count as orders,
        round(g.total_revenue_brl, 2) as brl,
        round(g.total_freight_brl, 2) as freight,
        g.avg_freight_ratio as freight_ratio,
        g.delivered_orders as delivered,
        g.avg_delivery_days as delivery_days,
        g.late_delivery_rate as late_rate,
      from marts.fct_geographic_sales_economics as g
      join (${months}) as m on g.order_month = m.order_month
      where g.customer_state <> 'unknown'
      order by month, state`);
    const categories = await w.query(`
      select category_name as name, category_name_pt as name_pt from (${top}) order by idx`);
    const stateCategories = await w.query(`
      select
        o.customer_state as state,
        m.idx as month,
        coalesce(t.idx, ${TOP_CATEGORIES}) as category,
        round(sum(i.price_brl + i.freight_value_brl), 2) as brl,
      from marts.fct_orders_with_economics as o
      join staging.stg_order_items as i on i.order_id = o.order_id
      left join staging.stg_products as p on p.product_id = i.product_id
      left join (${top}) as t on t.category_name = coalesce(p.category_name, 'uncategorized')
      join (${months}) as m on o.order_month = m.order_month
      where o.is_sale and o.customer_state is not null
      group by all
      order by month, state, category`);
    // Week of delay: 0 is 0–6 days early (on time), 1 is 1–7 days late, …; clamped to ±4 weeks.
    const reviews = await w.query(`
      with scored as (
        select order_id, avg(review_score) as score
        from staging.stg_order_reviews
        group by order_id
      )
      select
        o.customer_state as state,
        m.idx as month,
        cast(least(4, greatest(-4, floor((date_diff('day', cast(o.estimated_delivery_at as date),
          cast(o.delivered_at as date)) - 1) / 7) + 1)) as integer) as delay_week,
        count(*) as reviews,
        round(sum(s.score), 2) as score_sum,
      from marts.fct_orders_with_economics as o
      join scored as s on s.order_id = o.order_id
      join (${months}) as m on o.order_month = m.order_month
      where o.is_sale and o.delivered_at is not null and o.estimated_delivery_at is not null
        and o.customer_state is not null
      group by all
      order by month, state, delay_week`);
    return {
      months: columns(monthList),
      states: columns(states),
      categories,
      stateCategories: columns(stateCategories),
      reviews: columns(reviews),
    };
  }),
);
