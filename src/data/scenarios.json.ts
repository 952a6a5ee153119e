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
      select *
      from marts.fct_category_scenario_model
      order by base_revenue_share desc nulls last, category_name`);
  }),
);
