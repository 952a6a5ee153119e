// Overview: headline KPIs, the monthly series, when people buy, and how fresh the data is (queries shared with
// the notebooks).
import { columns, emit, withMarts } from "../../pipeline/site/loader.ts";
import { indicatorStatus, lastRun, monthlyEconomics, overviewKpis } from "../../pipeline/site/queries.ts";

emit(() =>
  withMarts(async (w) => ({
    kpis: await overviewKpis(w),
    monthly: columns(await monthlyEconomics(w)),
    // Sales by ISO weekday (1 = Monday) and hour of purchase: at most 7 × 24 rows.
    rhythm: columns(
      await w.query(`
        select purchase_weekday as weekday, purchase_hour as hour, order_count as orders
        from marts.fct_sales_rhythm
        order by weekday, hour`),
    ),
    indicators: await indicatorStatus(w),
    run: await lastRun(w),
    // When these numbers were read for the site (the loader reruns whenever the warehouse changes).
    builtAt: new Date().toISOString(),
  })),
);
