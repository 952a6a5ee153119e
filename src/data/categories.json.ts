// Categories: revenue per category and month from the category mart, categories and months as dictionaries
// (rows carry indexes), so the page filters by month, period and category in the browser.
import { columns, emit, withMarts } from "../../pipeline/site/loader.ts";

emit(() =>
  withMarts(async (w) => {
    const ranked = `
      select
        category_name,
        max(category_name_pt) as category_name_pt,
        row_number() over (order by sum(total_revenue_brl) desc, category_name) - 1 as idx
      from marts.fct_category_performance_economics
      group by category_name`;
    const months = `
      select order_month, row_number() over (order by order_month) - 1 as idx
      from marts.fct_monthly_economics`;
    const categories = await w.query(`
      select category_name as name, category_name_pt as name_pt from (${ranked}) order by idx`);
    const monthly = await w.query(`
      select order_month, exchange_rate_period, avg_usd_brl_rate, round(total_revenue_brl, 2) as total_revenue_brl
      from marts.fct_monthly_economics
      order by order_month`);
    const sales = await w.query(`
      select
        c.idx as category,
        m.idx as month,
        s.order_count as orders,
        s.items_sold as items,
        round(s.total_revenue_brl, 2) as brl,
        round(s.total_revenue_usd, 2) as usd,
      from marts.fct_category_performance_economics as s
      join (${ranked}) as c on s.category_name = c.category_name
      join (${months}) as m on s.order_month = m.order_month
      order by month, category`);
    return { categories, months: columns(monthly), sales: columns(sales) };
  }),
);
