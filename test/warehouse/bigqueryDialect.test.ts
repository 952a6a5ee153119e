// The pipeline's own SQL mapped onto BigQuery datasets: relations, quoting, escapes and type names, never inside
// a string literal, a backquoted name or a comment.
import { describe, expect, it } from "vitest";
import { toBigQuerySql } from "../../pipeline/warehouse/bigqueryDialect.ts";

describe("pipeline SQL on BigQuery", () => {
  it("puts schema-qualified relations into the prefix's datasets", () => {
    expect(toBigQuerySql(`select * from raw."orders" o join meta.loads l using (run_id)`, "shop")).toBe(
      "select * from `shop_raw`.`orders` o join `shop_meta`.loads l using (run_id)",
    );
  });

  it("leaves column qualifiers, string literals, backquoted names and comments alone", () => {
    const sql = "select o.raw, 'raw.orders', `raw.x` from t o -- meta.loads\n/* marts.x */";
    expect(toBigQuerySql(sql, "p")).toBe(sql);
  });

  it("turns standard quote doubling into BigQuery's escapes, and escapes backslashes", () => {
    expect(toBigQuerySql(String.raw`select 'the state''s months', 'a\b'`, "p")).toBe(String.raw`select 'the state\'s months', 'a\\b'`);
  });

  it("names DuckDB's varchar and double as BigQuery's types, and double-quoted names as backquoted", () => {
    expect(toBigQuerySql(`create table meta.t ("rows" varchar, seconds double); select cast(x as varchar) as "n"`, "p")).toBe(
      "create table `p_meta`.t (`rows` string, seconds float64); select cast(x as string) as `n`",
    );
  });
});
