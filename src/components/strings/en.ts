// The English strings table: every label and sentence of the English pages. Its shape is the type Strings, which
// the Portuguese table (pt.ts) must match key for key.
import type { Formatter } from "../formatter.js";
import type { Section } from "../routes.js";

export const en = {
  siteTitle: "Brazilian e-commerce and the economy",
  language: "Language",
  otherLanguage: "Português",
  notebooks: "Notebooks",
  sections: {
    index: "Overview",
    categories: "Categories",
    geography: "Geography",
    economy: "Economy",
    impact: "Economic impact",
    pipeline: "Pipeline & data quality",
    lineage: "Lineage",
  } satisfies Record<Section, string>,
  kpi: {
    orders: "Orders",
    revenueBrl: "Revenue (BRL)",
    revenueUsd: "Revenue (USD)",
    aov: "Average order value",
    customers: "Customers",
  },
  chart: {
    monthlyRevenue: "Monthly revenue",
    monthlyRevenueAlt:
      "Lines of monthly revenue in nominal BRL, constant BRL (IPCA-deflated) and USD; the chart below it shows the month's average USD/BRL.",
    usdBrlAlt: "Line of the monthly average USD/BRL rate (R$ per US$), on the same months as the revenue chart above.",
    revenue: "Revenue",
    usdBrl: "USD/BRL (R$ per US$)",
    month: "Month",
    nominalBrl: "Nominal BRL",
    usd: "USD",
    realBrl: "Constant BRL",
  },
  lineage: {
    alt: "Lineage graph: raw sources on the left, then base, staging and mart models; a line joins each model to what it reads.",
    layers: { source: "Source", base: "Base", staging: "Staging", mart: "Mart" },
    materialized: { view: "view", table: "table", incremental: "incremental" },
    rows: "rows",
    notBuilt: "not built",
    models: "Models",
    sources: "Sources",
    testsPassed: "Data tests passed",
    testsWarned: "Warnings",
    testsFailed: "Failures",
    lastBuild: "Last model build",
    lastTests: "Last data tests",
    testsOf: "data tests",
    passed: "passed",
    warned: "warned",
    failed: "failed",
    allPassed: "Every data test passed in the last run.",
    problem: { node: "Model or source", column: "Column", test: "Test", severity: "Severity", message: "Message" },
    severity: { error: "error", warn: "warning" },
  },
  dataAsOf: "Data as of",
  ordersThrough: "orders through",
  indicatorsThrough: "indicators through",
  builtAt: "built",
  staleNotice: "Some economic series are older than their cadence allows:",
  staleSeries: { usd_brl: "USD/BRL", ipca: "IPCA", selic: "SELIC" },
  lastObservation: "last observation",
  snapshotFallback: "the API could not be reached; showing the last good snapshot",
  months: ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"],
  /** ISO order, Monday first (DuckDB isodow 1..7). */
  weekdays: ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"],
  noData: "No data for the selected filters.",
  other: "Other",
  filters: {
    title: "Filters",
    months: "Months",
    from: "From",
    to: "To",
    categories: "Categories",
    findCategory: "Find a category",
    findState: "Find a state",
    states: "States",
    all: "All",
    none: "None",
    exchangeRatePeriod: "Exchange-rate period",
    categoryNames: "Category names",
    namesEn: "English",
    namesPt: "Português",
    namesBoth: "Both",
    selected: "selected",
  },
  /** The exchange_rate_period buckets of the marts (R$ per US$). */
  periods: {
    "Strong BRL": "Strong real",
    Moderate: "Moderate",
    "Weak BRL": "Weak real",
  },
  paymentTypes: {
    credit_card: "Credit card",
    boleto: "Boleto",
    voucher: "Voucher",
    debit_card: "Debit card",
    not_defined: "Not defined",
  },
  rhythm: {
    title: "When people buy",
    alt: "Heat map of orders by weekday (rows) and hour of purchase (columns); darker cells have more orders.",
    hour: "Hour of purchase",
    orders: "Orders",
  },
  categories: {
    top: "Top categories by revenue",
    topAlt: "Horizontal bars of revenue (BRL) per category over the selected months, largest first.",
    share: "Share of each month's revenue",
    shareAlt:
      "Stacked areas of each selected category's share of the month's revenue (all categories); the gap to 100 % is the categories not selected.",
    byPeriod: "Category mix by exchange-rate period",
    byPeriodAlt:
      "Heat map of each category's share of revenue in the months of each USD/BRL period: does the mix move with the dollar?",
    monthly: "Monthly revenue of the leading categories",
    monthlyAlt: "Lines of monthly revenue (BRL) of the largest selected categories.",
    revenueShare: "Share of revenue",
    otherSelected: "Other selected",
    items: "items",
  },
  geography: {
    map: "Sales by state",
    mapAlt: "Map of Brazil's 27 states coloured by the chosen measure over the selected months; grey states are not selected.",
    metric: "Map shows",
    metrics: {
      revenue: "Revenue (BRL)",
      aov: "Average order value",
      deliveryDays: "Average delivery days",
      lateRate: "Late deliveries",
    },
    stateCategory: "What each state buys",
    stateCategoryAlt:
      "Heat map of each of the twelve largest categories' share of a state's revenue, for every selected state, largest state first.",
    freight: "Freight as a share of the order",
    freightAlt: "Bars of the average freight ratio (freight / order value) per state, highest first.",
    delivery: "Delivery days by state",
    deliveryAlt: "Dots of average days from purchase to delivery per state; colour shows the share delivered late.",
    lateMonthly: "Late deliveries by month",
    lateMonthlyAlt: "Bars of the share of delivered orders that arrived after the estimated date, per month.",
    reviews: "Review score against delivery delay",
    reviewsAlt:
      "Bars of the average review score (1–5) per week between the estimated and the actual delivery date (negative: early); the label over each bar counts its reviews.",
    days: "days",
    delayDays: "Days late (negative: early)",
    avgScore: "Average review score",
    reviews_: "reviews",
    freightRatio: "Freight / order value",
    lateRate: "Late",
  },
  economy: {
    usdBrl: "The dollar: USD/BRL",
    usdBrlAlt:
      "Daily USD/BRL PTAX rate over the selected months, with the thresholds of the strong, moderate and weak real periods.",
    ipca: "Inflation: IPCA",
    ipcaAlt: "Bars of IPCA monthly change and a line of the 12-month IPCA, in percent.",
    ipcaMonth: "IPCA in the month",
    ipca12m: "IPCA over 12 months",
    selic: "Interest: SELIC target rate",
    selicAlt: "Step line of the SELIC target rate, percent per year.",
    selicRate: "% per year",
    salesVsRate: "Monthly sales against the dollar",
    salesVsRateAlt:
      "Scatter plot of each month's revenue (BRL) against its average USD/BRL rate, coloured by exchange-rate period, with a least-squares line.",
    fit: "least-squares line",
    payments: "How orders are paid",
    paymentsAlt: "Stacked bars of each payment type's share of the month's orders.",
    shareOfOrders: "Share of orders",
    percent: "%",
  },
  pipeline: {
    tests: "Data tests of the latest run",
    testsAlt: "Stacked bars of the data tests per model by result: pass, warn, fail or error.",
    runs: "Run history",
    runsAlt:
      "Stacked bars of the seconds each step of the latest pipeline runs took, oldest on the left; the mark above a bar is the run's status (✓ success, ✗ failed, – skipped).",
    jobs: "Jobs and schedules",
    jobColumn: { job: "Job", steps: "Steps", schedule: "Schedule (cron)", next: "Next run", last: "Last run" },
    jobDescriptions: {
      daily_full_refresh: "Extract every source, rebuild all models from scratch, run the data tests, rebuild the site",
      economic_update: "Fetch the BCB series, rebuild the models that read them, test, rebuild the site",
      quality_check: "Run the data tests against the current warehouse",
    },
    notScheduled: "manual only",
    models: "Model build times",
    modelsAlt: "Bars of the seconds each model of the latest run took to build.",
    loads: "Rows loaded from the source",
    loadsAlt: "Bars of the rows each source table delivered, split into loaded and rejected.",
    seconds: "Seconds",
    tests_: "Tests",
    rows: "Rows",
    loaded: "Loaded",
    rejected: "Rejected",
    status: {
      pass: "Pass",
      warn: "Warn",
      fail: "Fail",
      error: "Error",
      success: "Success",
      failed: "Failed",
      skipped: "Skipped",
      running: "Running",
      aborted: "Aborted",
      crashed: "Crashed",
      cancelled: "Cancelled",
      queued: "Queued",
    },
    failing: "Tests that did not pass",
    allPassed: "Every data test of the latest run passed.",
    column: { test: "Test", model: "Model", status: "Result", failures: "Failing rows", message: "Message" },
  },
  impact: {
    indicator: "Indicator",
    indicators: {
      usd_brl: "The dollar (USD/BRL)",
      ipca_12m: "Inflation (IPCA, 12 months)",
      selic: "Interest (SELIC)",
    },
    /** x-axis of the sensitivity charts: what one unit of the slope means. */
    slopeAxis: {
      usd_brl: "Elasticity of the revenue share (% per 1 % dearer dollar)",
      ipca_12m: "Change in ln(share) per IPCA point",
      selic: "Change in ln(share) per SELIC point",
    },
    categoriesTitle: "How each category's share of revenue moves with the indicator",
    categoriesAlt:
      "Dot plot: each category's OLS slope as a dot and its 95 % confidence interval as a line, most negative first. Dark dots: the interval excludes zero and survives the false-discovery control; mid-tone dots: the interval excludes zero only; light dots: the interval includes zero. Intervals wider than the axis are cut at its edge.",
    statesTitle: "How each state's share of revenue moves with the indicator",
    statesAlt:
      "Dot plot: each state's OLS slope as a dot and its 95 % confidence interval as a line, most negative first; dark dots have an interval that excludes zero.",
    verdicts: {
      fdr: "Excludes zero, survives FDR 5 %",
      significant: "Excludes zero (95 %) only",
      none: "Interval includes zero",
    },
    column: {
      category: "Category",
      state: "State",
      slope: "Slope",
      ci: "95 % interval",
      r2: "R²",
      months: "Months",
      p: "p-value",
      fdr: "Survives FDR 5 %",
      reason: "Why there is no estimate",
    },
    yes: "yes",
    no: "no",
    none: "None.",
    status: {
      too_few_months: "too few months with sales",
      no_variation: "the indicator did not vary",
    },
    summary: (f: Formatter, s: { estimated: number; significant: number; fdr: number; expected: number; thin: number; noun: string }) =>
      `${f.integer(s.estimated)} ${s.noun} have enough months for an estimate${s.thin ? ` (${f.integer(s.thin)} more have too few months)` : ""}. ` +
      `95 % intervals that exclude zero: ${f.integer(s.significant)}, where chance alone would give about ${f.number(s.expected, 1)}; ` +
      `with the false discovery rate held at 5 % (Benjamini–Hochberg): ${f.integer(s.fdr)}.`,
    strongest: (f: Formatter, s: { name: string; slope: number; low: number; high: number; r2: number; n: number; dollar: boolean }) =>
      s.dollar
        ? `${s.name}: a 10 % dearer dollar goes with a ${f.percent(Math.abs(1.1 ** s.slope - 1))} ${s.slope < 0 ? "smaller" : "larger"} share of revenue (elasticity ${f.number(s.slope)}, 95 % interval ${f.number(s.low)} to ${f.number(s.high)}, R² ${f.number(s.r2)}, ${f.integer(s.n)} months).`
        : `${s.name}: one point more goes with a ${f.percent(Math.abs(Math.exp(s.slope) - 1))} ${s.slope < 0 ? "smaller" : "larger"} share of revenue (slope ${f.number(s.slope, 3)}, 95 % interval ${f.number(s.low, 3)} to ${f.number(s.high, 3)}, R² ${f.number(s.r2)}, ${f.integer(s.n)} months).`,
    categoriesNoun: "categories",
    statesNoun: "states",
    timingTitle: "Does revenue follow the dollar with a delay?",
    timingAlt:
      "Bars of the correlation between the month's change in USD/BRL and detrended real revenue that many months later, lags 0 to 6, with dashed lines at the 95 % band of no correlation.",
    lag: "Months after the dollar's change",
    correlation: "Correlation",
    timingFinding: (f: Formatter, s: { n: number; band: number; outside: number[]; strongestLag: number; strongest: number }) =>
      `Over ${f.integer(s.n)} months the band of no correlation is ±${f.number(s.band)}. ` +
      (s.outside.length === 0
        ? `No lag leaves it: the strongest correlation, ${f.number(s.strongest)} at ${f.integer(s.strongestLag)} months, is within what chance gives. The data show no delayed response of revenue to the dollar.`
        : `Lag${s.outside.length > 1 ? "s" : ""} ${s.outside.map((l) => f.integer(l)).join(", ")} leave${s.outside.length > 1 ? "" : "s"} it (strongest ${f.number(s.strongest)} at ${f.integer(s.strongestLag)} months); with seven lags tested, one outside the band is expected a third of the time by chance.`),
    realTitle: "Revenue in nominal reais, constant reais and dollars",
    realAlt:
      "Three lines of monthly revenue as an index, first analysis month = 100: nominal BRL, BRL at constant prices (deflated by IPCA) and USD.",
    indexAxis: "Index (first month = 100)",
    nominal: "Nominal BRL",
    real: (month: string) => `Constant BRL (prices of ${month})`,
    dollars: "USD",
    growthFinding: (f: Formatter, g: { from: string; to: string; previousFrom: string; previousTo: string; nominal: number; real: number; usd: number }) =>
      `${f.month(g.from)}–${f.month(g.to)} against ${f.month(g.previousFrom)}–${f.month(g.previousTo)}: revenue grew ${f.percent(g.nominal)} in nominal reais, ${f.percent(g.real)} at constant prices and ${f.percent(g.usd)} in dollars. Inflation explains the gap between the first two; the dearer dollar the gap to the third.`,
    forecastTitle: "Revenue forecast",
    forecastAlt:
      "Line of monthly revenue (BRL) over the analysis months, then the forecast months as dots with shaded 80 % and 95 % prediction intervals.",
    history: "Revenue",
    forecast: "Forecast",
    interval80: "80 % interval",
    interval95: "95 % interval",
    backtest: {
      h: "Months ahead",
      forecasts: "Forecasts tested",
      mape: "MAPE, damped Holt",
      naive: "MAPE, naive (last month repeated)",
    },
    forecastFinding: (f: Formatter, s: { month: string; revenue: number; low: number; high: number; alpha: number; beta: number; phi: number }) =>
      `For ${f.month(s.month)} the model expects ${f.brl(s.revenue)} (95 % interval ${f.brl(s.low)} to ${f.brl(s.high)}). Fitted smoothing: α ${f.number(s.alpha)}, β ${f.number(s.beta)}, damping φ ${f.number(s.phi)}.`,
    backtestFinding: (f: Formatter, s: { beats: boolean; mape1: number; naive1: number }) =>
      `One month ahead the back-test misses by ${f.percent(s.mape1)} on average, the naive forecast by ${f.percent(s.naive1)}: ` +
      (s.beats ? "the model earns its keep, narrowly." : "the model does not beat repeating the last month, so read the interval, not the point."),
    noData: "Not enough months for this analysis.",
    monthsUsed: (f: Formatter, s: { n: number; from: string; to: string; left: string[] }) =>
      `${f.integer(s.n)} months, ${f.month(s.from)} to ${f.month(s.to)}. Left out, with their sale orders: ${s.left.length ? s.left.join("; ") : "none"}.`,
  },
};

export type Strings = typeof en;
