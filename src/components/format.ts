// The one locale-aware formatter every number, amount and date on the site (and in the notebooks) goes through:
// R$ 1.234,56 and 12/03/2018 in Portuguese, BRL 1,234.56 and 03/12/2018 in English.
import type { Lang } from "./routes.js";
import type { Formatter } from "./formatter.js";
import { strings } from "./strings.js";

export type { Formatter } from "./formatter.js";

export const LOCALES: Record<Lang, string> = { en: "en-US", pt: "pt-BR" };

/** Parses "yyyy-MM-dd" (or an ISO timestamp) without time-zone drift. */
function parts(iso: string): [number, number, number] {
  const [y, m, d] = iso.slice(0, 10).split("-").map(Number);
  return [y, m, d];
}

export function formatter(lang: Lang): Formatter {
  const locale = LOCALES[lang];
  const int = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
  const money = (currency: string) =>
    new Intl.NumberFormat(locale, {
      style: "currency",
      currency,
      currencyDisplay: lang === "pt" ? "symbol" : "code",
      minimumFractionDigits: 2,
      maximumFractionDigits: 2,
    });
  const compact = (currency: string) =>
    new Intl.NumberFormat(locale, {
      style: "currency",
      currency,
      currencyDisplay: lang === "pt" ? "symbol" : "code",
      notation: "compact",
      maximumFractionDigits: 1,
    });
  const brl = money("BRL");
  const usd = money("USD");
  const brlC = compact("BRL");
  const usdC = compact("USD");
  const compactNumber = new Intl.NumberFormat(locale, { notation: "compact", maximumFractionDigits: 1 });
  // Intl puts a no-break space after the symbol; plain spaces keep copy-paste and tests simple.
  const clean = (s: string) => s.replace(/\u00a0|\u202f/g, " ");
  const t = strings(lang);
  return {
    lang,
    integer: (n) => clean(int.format(n)),
    number: (n, digits = 2) => clean(new Intl.NumberFormat(locale, { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(n)),
    brl: (n) => clean(brl.format(n)),
    usd: (n) => clean(usd.format(n)),
    brlCompact: (n) => clean(brlC.format(n)),
    usdCompact: (n) => clean(usdC.format(n)),
    percent: (n, digits = 1) =>
      clean(new Intl.NumberFormat(locale, { style: "percent", minimumFractionDigits: digits, maximumFractionDigits: digits }).format(n)),
    compact: (n) => clean(compactNumber.format(n)),
    date: (iso) => {
      const [y, m, d] = parts(iso);
      const dd = String(d).padStart(2, "0");
      const mm = String(m).padStart(2, "0");
      return lang === "pt" ? `${dd}/${mm}/${y}` : `${mm}/${dd}/${y}`;
    },
    month: (iso) => {
      const [y, m] = parts(iso);
      return `${t.months[m - 1]} ${y}`;
    },
  };
}
