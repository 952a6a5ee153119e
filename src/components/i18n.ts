// One strings table per language and the locale-aware formatters every number on the site goes through.

export type Lang = "en" | "pt";

export const LOCALES: Record<Lang, string> = { en: "en-US", pt: "pt-BR" };

export const SECTIONS = ["index", "categories", "geography", "economy", "pipeline"] as const;
export type Section = (typeof SECTIONS)[number];

const en = {
  siteTitle: "Brazilian e-commerce and the economy",
  language: "Language",
  otherLanguage: "Português",
  sections: {
    index: "Overview",
    categories: "Categories",
    geography: "Geography",
    economy: "Economy",
    pipeline: "Pipeline & data quality",
  } as Record<Section, string>,
  kpi: {
    orders: "Orders",
    revenueBrl: "Revenue (BRL)",
    revenueUsd: "Revenue (USD)",
    aov: "Average order value",
    customers: "Customers",
  },
  chart: {
    monthlyRevenue: "Monthly revenue",
    monthlyRevenueAlt: "Line chart of monthly revenue in BRL, with the monthly average USD/BRL rate beside it.",
    revenue: "Revenue",
    usdBrl: "USD/BRL (R$ per US$)",
    month: "Month",
    nominalBrl: "Nominal BRL",
    usd: "USD",
    realBrl: "Constant BRL",
  },
  dataAsOf: "Data as of",
  ordersThrough: "orders through",
  indicatorsThrough: "indicators through",
  builtAt: "built",
  staleNotice: "Some economic series are older than their cadence allows:",
  months: ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"],
};

export type Strings = typeof en;

const pt: Strings = {
  siteTitle: "E-commerce brasileiro e a economia",
  language: "Idioma",
  otherLanguage: "English",
  sections: {
    index: "Visão geral",
    categories: "Categorias",
    geography: "Geografia",
    economy: "Economia",
    pipeline: "Pipeline e qualidade dos dados",
  },
  kpi: {
    orders: "Pedidos",
    revenueBrl: "Receita (R$)",
    revenueUsd: "Receita (US$)",
    aov: "Ticket médio",
    customers: "Clientes",
  },
  chart: {
    monthlyRevenue: "Receita mensal",
    monthlyRevenueAlt: "Gráfico de linhas da receita mensal em reais, com a média mensal do dólar (USD/BRL) ao lado.",
    revenue: "Receita",
    usdBrl: "USD/BRL (R$ por US$)",
    month: "Mês",
    nominalBrl: "R$ nominais",
    usd: "US$",
    realBrl: "R$ constantes",
  },
  dataAsOf: "Dados de",
  ordersThrough: "pedidos até",
  indicatorsThrough: "indicadores até",
  builtAt: "gerado em",
  staleNotice: "Algumas séries econômicas estão mais antigas do que sua periodicidade permite:",
  months: ["jan", "fev", "mar", "abr", "mai", "jun", "jul", "ago", "set", "out", "nov", "dez"],
};

const TABLES: Record<Lang, Strings> = { en, pt };

export function strings(lang: Lang): Strings {
  return TABLES[lang];
}

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
  /** A "yyyy-MM-dd" date as 12/03/2018 or 03/12/2018. */
  date(iso: string): string;
  /** A month as "mar 2018" / "Mar 2018". */
  month(iso: string): string;
}

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
  // Intl puts a no-break space after the symbol; plain spaces keep copy-paste and tests simple.
  const clean = (s: string) => s.replace(/\u00a0|\u202f/g, " ");
  const t = strings(lang);
  return {
    lang,
    integer: (n) => clean(int.format(n)),
    number: (n, digits = 2) =>
      clean(new Intl.NumberFormat(locale, { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(n)),
    brl: (n) => clean(brl.format(n)),
    usd: (n) => clean(usd.format(n)),
    brlCompact: (n) => clean(brlC.format(n)),
    usdCompact: (n) => clean(usdC.format(n)),
    percent: (n, digits = 1) =>
      clean(new Intl.NumberFormat(locale, { style: "percent", minimumFractionDigits: digits, maximumFractionDigits: digits }).format(n)),
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

/** The page path of a section in a language, relative to the site root. */
export function sectionPath(lang: Lang, section: Section): string {
  return section === "index" ? `pages/${lang}/` : `pages/${lang}/${section}`;
}
