import { describe, expect, it } from "vitest";
import { olistTable } from "../../../pipeline/extract/olistSchema.ts";
import { TimestampEvidence, checkHeader, isBlankRow, isoFromSlash, lenientFileMatch, normaliseRecord } from "../../../pipeline/extract/postgres/normalise.ts";

describe("what import-olist forgives", () => {
  it("finds a file by a close name, but never guesses between several or takes another table's file", () => {
    const names = ["olistcustomerdataset.csv", "olist_orders_dataset.csv", "notes.txt"];
    expect(lenientFileMatch("olist_customers_dataset.csv", names, new Set(["olist_orders_dataset.csv"]))).toEqual(["olistcustomerdataset.csv"]);
    expect(lenientFileMatch("olist_customers_dataset.csv", ["OLIST_CUSTOMERS_DATASET.CSV"], new Set())).toEqual(["OLIST_CUSTOMERS_DATASET.CSV"]);
    expect(lenientFileMatch("olist_sellers_dataset.csv", names, new Set(["olist_orders_dataset.csv"]))).toEqual([]);
    expect(lenientFileMatch("olist_orders_dataset.csv", ["olist_order_dataset.csv", "olist_orders_dataset1.csv"], new Set())).toHaveLength(2);
  });

  it("maps the Kaggle header variant with a note, and names the first column that differs", () => {
    const products = olistTable("products");
    const header = products.columns.map((c) => c.name.replace("lenght", "length"));
    expect(checkHeader(products, "p.csv", header)).toEqual({
      notes: ['header "product_name_length" read as product_name_lenght', 'header "product_description_length" read as product_description_lenght'],
    });
    const orders = olistTable("orders");
    const short = orders.columns.slice(0, 7).map((c) => c.name);
    expect(checkHeader(orders, "o.csv", short).problem).toMatch(/column 8 \(order_estimated_delivery_date\) is missing$/);
    expect(checkHeader(orders, "o.csv", [...short, "order_estimated_delivery_date", "x"]).problem).toMatch(/extra column "x" after/);
  });

  it("tells M/D from D/M by a number above 12, and refuses when nothing or everything tells", () => {
    const evidence = (...values: string[]) => {
      const e = new TimestampEvidence();
      values.forEach((v, i) => e.add(v, i + 2));
      return e;
    };
    expect(evidence("2017-10-02 10:56:33", "10/25/2017 10:56").decide("f", undefined)).toEqual({ order: "mdy" });
    expect(evidence("25/10/2017 10:56").decide("f", undefined)).toEqual({ order: "dmy" });
    expect(evidence("2017-10-02 10:56:33").decide("f", undefined)).toEqual({});
    expect(evidence("10/2/2017 10:56").decide("f", undefined).problem).toContain('"10/2/2017 10:56" on line 2');
    expect(evidence("10/2/2017 10:56").decide("f", "dmy")).toEqual({ order: "dmy" });
    expect(evidence("10/25/2017 10:56").decide("f", "dmy").problem).toContain("contradicts");
    expect(evidence("10/25/2017", "25/10/2017").decide("f", undefined).problem).toContain("mixes");
    expect(isoFromSlash("1/5/2018 9:07", "mdy")).toBe("2018-01-05 09:07:00");
    expect(isoFromSlash("1/5/2018 9:07:31", "dmy")).toBe("2018-05-01 09:07:31");
    expect(isoFromSlash("1/5/18 9:07", "mdy")).toBeUndefined();
  });

  it("pads zip prefixes, converts slash dates, and knows a blank spreadsheet row", () => {
    const counts = new Map<string, number>();
    const customer = ["c", "u", "1037", "sao paulo", "SP"];
    normaliseRecord(olistTable("customers"), customer, undefined, counts);
    expect(customer[2]).toBe("01037");
    const order = ["o", "c", "delivered", "10/25/2017 10:56", null, null, null, "2017-11-01 00:00:00"];
    normaliseRecord(olistTable("orders"), order, "mdy", counts);
    expect(order[3]).toBe("2017-10-25 10:56:00");
    expect(order[7]).toBe("2017-11-01 00:00:00");
    expect(Object.fromEntries(counts)).toEqual({ "customer_zip_code_prefix padded to 5 digits": 1, "order_purchase_timestamp read as M/D/YYYY": 1 });
    expect(isBlankRow([null, " ", null])).toBe(true);
    expect(isBlankRow([null, "x"])).toBe(false);
  });
});
