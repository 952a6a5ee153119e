// The one formatter: pt-BR numbers and dates on Portuguese pages, en-US on English ones.
import { describe, expect, it } from "vitest";
import { formatter } from "../../../src/components/format.ts";

describe("formatter", () => {
  it("writes money, dates and months the Brazilian way on Portuguese pages", () => {
    const f = formatter("pt");
    expect(f.brl(1234.56)).toBe("R$ 1.234,56");
    expect(f.usd(1234.5)).toBe("US$ 1.234,50");
    expect(f.integer(1234567)).toBe("1.234.567");
    expect(f.percent(0.125)).toBe("12,5%");
    expect(f.date("2018-03-12")).toBe("12/03/2018");
    expect(f.month("2018-03-01")).toBe("mar 2018");
    expect(f.compact(1_200_000)).toBe("1,2 mi");
  });

  it("writes them the US way on English pages", () => {
    const f = formatter("en");
    expect(f.brl(1234.56)).toBe("BRL 1,234.56");
    expect(f.integer(1234567)).toBe("1,234,567");
    expect(f.date("2018-03-12")).toBe("03/12/2018");
    expect(f.month("2018-03-01")).toBe("Mar 2018");
    expect(f.compact(1_200_000)).toBe("1.2M");
  });

  it("reads a date without drifting a day in any time zone", () => {
    expect(formatter("pt").date("2018-01-01T23:59:59")).toBe("01/01/2018");
  });
});
