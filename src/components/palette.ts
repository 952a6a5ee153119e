// One colour per series across the site: a series (nominal revenue, the dollar, a category, a run status) keeps
// its colour on every page and chart. Okabe–Ito hues (distinguishable with the common colour-vision deficiencies),
// mid-toned so that each reads on the light and on the dark background; grey is "the rest".

const OKABE_ITO = {
  blue: "#0072B2",
  orange: "#E69F00",
  green: "#009E73",
  vermillion: "#D55E00",
  sky: "#56B4E9",
  purple: "#CC79A7",
  yellow: "#F0E442",
} as const;

/** The rest of a selection ("other"), missing values and neutral guides. */
export const GREY = "#9a9a9a";

/** Named series: the same key, the same colour, wherever it is drawn. */
export const SERIES = {
  nominalBrl: OKABE_ITO.blue,
  realBrl: OKABE_ITO.orange,
  usd: OKABE_ITO.green,
  usdBrl: OKABE_ITO.vermillion,
  ipcaMonth: OKABE_ITO.sky,
  ipca12m: OKABE_ITO.purple,
  // SELIC never shares a chart with IPCA's 12 months; the purple is the "interest and inflation" hue.
  selic: OKABE_ITO.purple,
  freight: OKABE_ITO.orange,
  late: OKABE_ITO.vermillion,
  onTime: OKABE_ITO.blue,
  forecast: OKABE_ITO.vermillion,
  revenue: OKABE_ITO.blue,
  good: OKABE_ITO.green,
  warn: OKABE_ITO.orange,
  bad: OKABE_ITO.vermillion,
} as const;

/** Exchange-rate periods, in their order (Strong BRL, Moderate, Weak BRL). */
export const PERIOD_COLOURS = [OKABE_ITO.blue, OKABE_ITO.green, OKABE_ITO.vermillion] as const;

/** Payment types, by key. */
export const PAYMENT_COLOURS: Record<string, string> = {
  credit_card: OKABE_ITO.blue,
  boleto: OKABE_ITO.orange,
  voucher: OKABE_ITO.green,
  debit_card: OKABE_ITO.purple,
  not_defined: GREY,
};

/** A palette for an open list (jobs, steps), by position. */
export const CYCLE = [OKABE_ITO.blue, OKABE_ITO.orange, OKABE_ITO.green, OKABE_ITO.purple, OKABE_ITO.sky, OKABE_ITO.vermillion, OKABE_ITO.yellow];

/** Categories: Okabe–Ito, then Paul Tol's muted hues that read on both backgrounds. */
const CATEGORY_HUES = [...CYCLE, "#88CCEE", "#44AA99", "#999933", "#DDCC77", "#CC6677", "#AA4499"];

/**
 * A category's colour from its place by revenue over all months (dim_categories.category_index), so that it keeps
 * it whatever the filters select and on every page; past the 13 largest, categories are grey.
 */
export function categoryColour(categoryIndex: number): string {
  return categoryIndex < CATEGORY_HUES.length ? CATEGORY_HUES[categoryIndex]! : GREY;
}
