// Categories: revenue per category and month from the category mart, categories and months as dictionaries
// (rows carry dim_categories.category_index and dim_sales_months.month_index), so the page filters by month,
// period and category in the browser.
import { columns, emit, withMarts } from "../../pipeline/site/loader.ts";

emit(() =>
  withMarts(async (w) => {
    const categories = await w.query(`
      select category_label as name, category_label_pt as name_pt from marts.dim_categories order by category_index`);
    const monthly = await w.query(`
      select e.order_month, e.exchange_rate_period, e.avg_usd_brl_rate, round(e.total_revenue_brl, 2) as total_revenue_brl,
             m.is_full_month
      from marts.fct_monthly_economics as e
      join marts.dim_sales_months as m on e.order_month = m.order_month
      order by e.order_month`);
    const sales = await w.query(`
      select
        c.category_index as category,
        m.month_index as month,
        s.order_count as orders,
        s.items_sold as items,
        round(s.total_revenue_brl, 2) as brl,
        round(s.total_revenue_usd, 2) as usd,
      from marts.fct_category_performance_economics as s
      join marts.dim_categories as c on s.category_name = c.category_name
      join marts.dim_sales_months as m on s.order_month = m.order_month
      order by month, category`);
    return { categories, months: columns(monthly), sales: columns(sales) };
  }),
);
