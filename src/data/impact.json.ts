// Economic impact: the report the pipeline's `report` step computed from the sensitivity marts
// (pipeline/analysis/impactStep.ts), one JSON section per row of marts.rpt_impact, put back together in order.
import { emit, withMarts } from "../../pipeline/site/loader.ts";

emit(() =>
  withMarts(async (w) => {
    if (!(await w.columns("marts", "rpt_impact"))) {
      throw new Error("marts.rpt_impact is missing: run `npm run pipeline -- run` (its report step writes it)");
    }
    const sections = await w.query<{ section: string; payload: string }>(`
      select section, payload from marts.rpt_impact order by section_index`);
    return Object.fromEntries(sections.map((s) => [s.section, JSON.parse(s.payload)]));
  }),
);
