// Economic impact: the sensitivity marts and what pipeline/analysis computes from their monthly series
// (p-values and false-discovery control, timing, real and dollar growth, the forecast and its back-test).
import { emit, withMarts } from "../../pipeline/site/loader.ts";
import { impactReport } from "../../pipeline/analysis/impactReport.ts";

/** Six significant digits are more than any chart or sentence shows, and a third of the bytes of seventeen. */
const rounded = (_key: string, value: unknown) =>
  typeof value === "number" && !Number.isInteger(value) ? Number(value.toPrecision(6)) : value;

emit(() => withMarts(async (w) => JSON.parse(JSON.stringify(await impactReport(w), rounded))));
