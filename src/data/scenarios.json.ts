// Scenarios on the Economic impact page: the sensitivity model of every category as coefficients, their
// covariance and the base month (marts.fct_category_scenario_model); the page projects shares and revenue at the
// levels a reader picks (src/components/statistics/scenario.ts), in the browser.
import { emit, withMarts } from "../../pipeline/site/loader.ts";

emit(() =>
  withMarts(async (w) => {
    if (!(await w.columns("marts", "fct_category_scenario_model"))) {
      throw new Error("marts.fct_category_scenario_model is missing: run `npm run pipeline -- run` (its models step builds it)");
    }
    return w.query(`
      select scenario.*, names.category_label, names.category_label_pt
      from marts.fct_category_scenario_model as scenario
      left join marts.dim_categories as names using (category_name)
      order by scenario.base_revenue_share desc nulls last, scenario.category_name`);
  }),
);
