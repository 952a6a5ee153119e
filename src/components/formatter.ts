// The shape of the one locale-aware formatter (format.ts makes it); the strings tables' sentences take one, so it
// lives apart from both.
import type { Lang } from "./routes.js";

export interface Formatter {
  lang: Lang;
  integer(n: number): string;
  number(n: number, digits?: number): string;
  brl(n: number): string;
  usd(n: number): string;
  /** Compact money for axes and cards: R$ 1,2 mi / BRL 1.2M. */
  brlCompact(n: number): string;
  usdCompact(n: number): string;
  percent(n: number, digits?: number): string;
  /** A plain number in compact form for axes: 1.2M / 1,2 mi. */
  compact(n: number): string;
  /** A "yyyy-MM-dd" date as 12/03/2018 or 03/12/2018. */
  date(iso: string): string;
  /** A month as "mar 2018" / "Mar 2018". */
  month(iso: string): string;
}
