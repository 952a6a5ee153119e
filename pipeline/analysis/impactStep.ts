// The pipeline step `report`: computes the Economic impact report (impactReport.ts: the sensitivity marts' headline
// rows, timing, real and dollar growth, the forecast and its back-test) once per run, after the models, and
// stores it in marts.rpt_impact, one row per section as JSON text, so the site's loader only reads it.
import { sqlString, type Warehouse } from "../warehouse/warehouse.js";
import { impactReport, type ImpactReport } from "./impactReport.js";

export const IMPACT_REPORT_TABLE = "rpt_impact";

export interface ReportSection {
  /** The section's place in the report (0 first): the loader puts the sections back in this order. */
  section_index: number;
  section: string;
  /** The section as JSON, numbers to six significant digits. */
  payload: string;
}

/** Six significant digits are more than any chart or sentence shows, and a third of the bytes of seventeen. */
function rounded(_key: string, value: unknown): unknown {
  return typeof value === "number" && !Number.isInteger(value) ? Number(value.toPrecision(6)) : value;
}

/** The report as rows, one per section in the report's order (sections left undefined are left out, as JSON does). */
export function reportSections(report: ImpactReport): ReportSection[] {
  return Object.entries(report)
    .filter(([, value]) => value !== undefined)
    .map(([section, value], section_index) => ({ section_index, section, payload: JSON.stringify(value, rounded) }));
}

/** A string literal: BigQuery reads backslashes (JSON has them) as escapes; DuckDB only doubles quotes. */
function literal(warehouse: Warehouse, text: string): string {
  return warehouse.engine === "bigquery" ? `'${text.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'` : sqlString(text);
}

/** Replaces marts.rpt_impact with the report computed from the warehouse's marts as they are now. */
export async function writeImpactReport(warehouse: Warehouse): Promise<{ rows: number }> {
  const sections = reportSections(await impactReport(warehouse));
  const rows = sections.map(
    (s) => `select ${s.section_index} as section_index, ${literal(warehouse, s.section)} as section, ` + `${literal(warehouse, s.payload)} as payload`,
  );
  const target = warehouse.relation("marts", IMPACT_REPORT_TABLE);
  await warehouse.exec(`create or replace table ${target} as\n${rows.join("\nunion all\n")}`);
  return { rows: sections.length };
}
