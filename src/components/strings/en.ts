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
    monthlyRevenueAlt: "Lines of monthly revenue in nominal BRL, constant BRL (IPCA-deflated) and USD; the chart below it shows the month's average USD/BRL.",
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
    layers: { source: "Source", seed: "Seed (reviewed table)", base: "Base", staging: "Staging", mart: "Mart" },
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
    problemsTitle: "Data tests that did not pass",
    problem: { node: "Model or source", column: "Column", test: "Test", severity: "Severity", message: "Message" },
    severity: { error: "error", warn: "warning" },
  },
  dataAsOf: "Data as of",
  ordersThrough: "orders through",
  indicatorsThrough: "indicators through",
  builtAt: "built",
  staleNotice: "Some economic series are older than their cadence allows:",
  coverage: {
    period: (from: string, to: string, months: number) => `Orders from ${from} to ${to} (${months} months)`,
    partial: (months: string[]) =>
      `${months.length === 1 ? "One month is" : `${months.length} months are`} partial or thin (${months.join(", ")}): shaded in the charts, left out of fits and growth rates.`,
    covered: "USD/BRL, IPCA and SELIC cover the whole period of the orders.",
    shortNotice: "These economic series stop before the last order; the months after have no value:",
    info: "For information, the central bank series read run to:",
    pastCadence: "past its publication cadence",
    built: "Site built",
  },
  staleSeries: { usd_brl: "USD/BRL", ipca: "IPCA", selic: "SELIC" },
  lastObservation: "last observation",
  snapshotFallback: "the API could not be reached; showing the last good snapshot",
  months: ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"],
  /** ISO order, Monday first (DuckDB isodow 1..7). */
  weekdays: ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"],
  noData: "No data for the selected filters.",
  chartData: "Data",
  partialMonth: "partial or thin month: outside the fit",
  partialMonthsNote:
    "Shaded (crossed out on a scatter): a partial or thin month (few orders next to the median month, as where the data starts and ends), left out of fits and growth rates.",
  downloadCsv: "Download CSV",
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
    shareAlt: "Stacked areas of each selected category's share of the month's revenue (all categories); the gap to 100 % is the categories not selected.",
    byPeriod: "Category mix by exchange-rate period",
    byPeriodAlt: "Heat map of each category's share of revenue in the months of each USD/BRL period: does the mix move with the dollar?",
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
    stateCategoryAlt: "Heat map of each of the twelve largest categories' share of a state's revenue, for every selected state, largest state first.",
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
    usdBrlAlt: "Daily USD/BRL PTAX rate over the selected months, with the thresholds of the strong, moderate and weak real periods.",
    ipca: "Inflation: IPCA",
    ipcaAlt: "Bars of IPCA monthly change and a line of the 12-month IPCA, in percent.",
    ipcaMonth: "IPCA in the month",
    ipca12m: "IPCA over 12 months",
    selic: "Interest: SELIC target rate",
    selicAlt: "Step line of the SELIC target rate, percent per year.",
    selicRate: "% per year",
    salesVsRate: "Monthly sales against the dollar",
    salesVsRateAlt: "Scatter plot of each month's revenue (BRL) against its average USD/BRL rate, coloured by exchange-rate period, with a least-squares line.",
    fit: "least-squares line",
    payments: "How orders are paid",
    paymentsAlt: "Stacked bars of each payment type's share of the month's orders.",
    shareOfOrders: "Share of orders",
    percent: "%",
  },
  pipeline: {
    /** A step's name as the reader reads it; its id stays in code font beside it where there is room. */
    stepNames: { extract: "extract", indicators: "indicators", models: "models", tests: "tests", site: "site", report: "report", notebooks: "notebooks" },
    jobNames: { daily_full_refresh: "daily full refresh", economic_update: "economic update", quality_check: "quality check" },
    /** A data test's message, in the page's language (the pipeline writes it in English). */
    testMessage: (message: string) => message,
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
    durations: "Run durations over time",
    durationsAlt:
      "Dots of each finished run's duration in seconds at its start time, one line per job; failed, aborted or crashed runs are red crosses, a run in progress a hollow dot at its seconds so far.",
    failureRate: "Failure rate",
    failureRateNote: "Failed, aborted or crashed runs among the finished runs in the history shown.",
    failureColumn: { job: "Job", runs: "Finished runs", failed: "Failed", rate: "Failure rate" },
    allJobs: "All jobs",
    lastAlert: "Last alert sent",
    noAlert: "No alert sent yet (alerts go to ALERT_WEBHOOK_URL when it is set).",
    delivered: "delivered",
    notDelivered: "not delivered",
    alertEvents: {
      run_failed: "Run failed",
      tests_warn: "Warn-level tests newly failing",
      bcb_stale: "BCB series stale",
      recovered: "Job recovered",
    },
  },
  impact: {
    indicator: "Indicator",
    indicators: {
      usd_brl: "The dollar (USD/BRL)",
      ipca: "Inflation (IPCA, 12 months)",
      selic: "Interest (SELIC)",
    },
    /** x-axis of the sensitivity charts: what one unit of the slope means. */
    slopeAxis: {
      usd_brl: "Elasticity of the revenue share (% per 1 % dearer dollar)",
      ipca: "Change in ln(share) per IPCA point",
      selic: "Change in ln(share) per SELIC point",
    },
    categoriesTitle: "How each category's share of revenue moves with the indicator",
    categoriesAlt:
      "Dot plot: each category's slope (one weighted regression on the dollar, IPCA and SELIC together) as a dot and its 95 % confidence interval as a line, most negative first. Dark dots: the interval excludes zero and survives the false-discovery control; mid-tone dots: the interval excludes zero only; light dots: the interval includes zero. Intervals wider than the axis are cut at its edge.",
    statesTitle: "How each state's share of revenue moves with the indicator",
    statesAlt:
      "Dot plot: each state's slope (one weighted regression on the dollar, IPCA and SELIC together) as a dot and its 95 % confidence interval as a line, most negative first; dark dots have an interval that excludes zero and survive the false-discovery control.",
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
      collinear: "the indicators did not vary independently",
    },
    summary: (f: Formatter, s: { estimated: number; significant: number; fdr: number; expected: number; thin: number; noun: string }) =>
      `${f.integer(s.estimated)} ${s.noun} have enough months for an estimate${s.thin ? ` (${f.integer(s.thin)} more have too few months)` : ""}. ` +
      `95 % intervals that exclude zero: ${f.integer(s.significant)}, where chance alone would give about ${f.number(s.expected, 1)}; ` +
      `with the false discovery rate held at 5 % over the estimates of each indicator (Benjamini–Hochberg): ${f.integer(s.fdr)}.`,
    strongest: (f: Formatter, s: { name: string; slope: number; low: number; high: number; r2: number; n: number; dollar: boolean }) =>
      s.dollar
        ? `${s.name}: a 10 % dearer dollar goes with a ${f.percent(Math.abs(1.1 ** s.slope - 1))} ${s.slope < 0 ? "smaller" : "larger"} share of revenue (elasticity ${f.number(s.slope)}, 95 % interval ${f.number(s.low)} to ${f.number(s.high)}, R² ${f.number(s.r2)}, ${f.integer(s.n)} months).`
        : `${s.name}: one point more goes with a ${f.percent(Math.abs(Math.exp(s.slope) - 1))} ${s.slope < 0 ? "smaller" : "larger"} share of revenue (slope ${f.number(s.slope, 3)}, 95 % interval ${f.number(s.low, 3)} to ${f.number(s.high, 3)}, R² ${f.number(s.r2)}, ${f.integer(s.n)} months).`,
    categoriesNoun: "categories",
    statesNoun: "states",
    lagsAlt: "Table of the dollar's lags",
    lagColumn: (k: number) => (k === 0 ? "Same month" : `${k} month${k > 1 ? "s" : ""} later`),
    cumulative: "Cumulative, 0–3 months (95 % interval)",
    lagFinding: (f: Formatter, s: { noun: string; categories: number; cumulative: number; delayed: number; tests: number }) =>
      `Of the ${f.integer(s.categories)} ${s.noun} whose dollar effect survives the false-discovery control, ${f.integer(s.cumulative)} have a cumulative effect over 0–3 months whose interval excludes zero. ` +
      `Of their ${f.integer(s.tests)} delayed slopes (1 to 3 months), ${f.integer(s.delayed)} exclude zero, where chance alone would give about ${f.number(s.tests * 0.05, 1)}: ` +
      (s.delayed > s.tests * 0.1 ? "part of the response comes with a delay." : "demand answers the dollar in the same month, as far as 20 months can tell."),
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
    realAlt: "Three lines of monthly revenue as an index, first analysis month = 100: nominal BRL, BRL at constant prices (deflated by IPCA) and USD.",
    indexAxis: "Index (first month = 100)",
    nominal: "Nominal BRL",
    real: (month: string) => `Constant BRL (prices of ${month})`,
    dollars: "USD",
    growthFinding: (f: Formatter, g: { from: string; to: string; previousFrom: string; previousTo: string; nominal: number; real: number; usd: number }) =>
      `${f.month(g.from)}–${f.month(g.to)} against ${f.month(g.previousFrom)}–${f.month(g.previousTo)}: revenue grew ${f.percent(g.nominal)} in nominal reais, ${f.percent(g.real)} at constant prices and ${f.percent(g.usd)} in dollars. Inflation explains the gap between the first two; the dearer dollar the gap to the third.`,
    forecastTitle: "Revenue forecast",
    forecastAlt: "Line of monthly revenue (BRL) over the analysis months, then the forecast months as dots with shaded 80 % and 95 % prediction intervals.",
    history: "Revenue",
    forecast: "Forecast",
    interval80: "80 % interval",
    interval95: "95 % interval",
    backtest: {
      h: "Months ahead",
      forecasts: "Forecasts tested",
      mape: "MAPE, damped Holt",
      naive: "MAPE, naive (last month repeated)",
      seasonal: "MAPE, seasonal naive (same month a year before)",
      cover80: "Inside the 80 % interval",
      cover95: "Inside the 95 % interval",
    },
    coverageFinding: (f: Formatter, s: { n: number; in80: number; in95: number; seasonalWins: number[]; naiveWins: number[] }) =>
      `Over the ${f.integer(s.n)} back-test forecasts, ${f.percent(s.in80)} of the actual months fell inside the 80 % interval and ${f.percent(s.in95)} inside the 95 % one` +
      (s.in80 > 0.95 ? " (the intervals are too wide: fits of 6 to 15 months estimate σ poorly). " : ". ") +
      (s.naiveWins.length
        ? `Where it loses: repeating the last month is closer at ${s.naiveWins.map((h) => f.integer(h)).join(", ")} month(s) ahead. `
        : "It beats the naive forecast at every horizon. ") +
      (s.seasonalWins.length
        ? `Repeating the same month of the year before beats it at ${s.seasonalWins.map((h) => f.integer(h)).join(", ")} month(s) ahead.`
        : "The seasonal naive forecast, which copies 2017's growth, loses everywhere.") +
      " The back-test cannot score a November: the only one is inside every fit.",
    forecastFinding: (
      f: Formatter,
      s: {
        month: string;
        revenue: number;
        low: number;
        high: number;
        alpha: number;
        beta: number;
        phi: number;
        november: number;
        novembers: number;
        fitFrom: string;
      },
    ) =>
      `For ${f.month(s.month)} the model expects ${f.brl(s.revenue)} (95 % interval ${f.brl(s.low)} to ${f.brl(s.high)}). Fitted from ${f.month(s.fitFrom)}, after the ramp-up: α ${f.number(s.alpha)}, β ${f.number(s.beta)}, damping φ ${f.number(s.phi)}` +
      (s.novembers > 0
        ? `, November × ${f.number(s.november)} (estimated from ${f.integer(s.novembers)} November${s.novembers > 1 ? "s" : ""}).`
        : "; no November seen, so none modelled."),
    backtestFinding: (f: Formatter, s: { beats: boolean; mape1: number; naive1: number }) =>
      `One month ahead the back-test misses by ${f.percent(s.mape1)} on average, the naive forecast by ${f.percent(s.naive1)}: ` +
      (s.beats ? "the model earns its keep, narrowly." : "the model does not beat repeating the last month, so read the interval, not the point."),
    noData: "Not enough months for this analysis.",
    monthsUsed: (f: Formatter, s: { n: number; from: string; to: string; left: string[] }) =>
      `${f.integer(s.n)} months, ${f.month(s.from)} to ${f.month(s.to)}. Left out, with their sale orders: ${s.left.length ? s.left.join("; ") : "none"}.`,
  },
  scenarios: {
    lagChartTitle: "When each category's share answers the dollar",
    lagChartTitleStates: "When each state's share answers the dollar",
    lagChartAlt:
      "Small multiples, one panel per lag (the same month, 1, 2 and 3 months later) and one for the cumulative effect: for each category whose dollar effect survives the false-discovery control, the slope as a dot and its 95 % interval as a line; dark where the interval excludes zero.",
    lagChartNoSurvivors: (n: number) =>
      `No dollar effect survives the false-discovery control; shown instead: the ${n} with the strongest cumulative evidence.`,
    lagAxis: "Elasticity",
    lagCumulative: "Cumulative",
    title: "What if: revenue by category at other levels of the dollar, inflation and interest",
    alt: "Dot plot: for the categories with the most revenue in the base month, the share of revenue the model projects at the chosen levels (dot) with its 95 % interval (line), beside the share observed in the base month (ring).",
    legend: "Scenario",
    usdBrl: "USD/BRL (R$ per US$)",
    ipca: "IPCA, 12 months (%)",
    selic: "SELIC (% a year)",
    reset: "Back to the base month",
    shareAxis: "Share of revenue",
    projected: "Projected (95 % interval)",
    observed: "Observed in the base month",
    column: {
      category: "Category",
      baseShare: "Share in the base month",
      share: "Projected share (95 %)",
      change: "Change from the base month's levels (95 %)",
      revenue: "Projected revenue a month (95 %)",
    },
    tableAlt: "Table of every category's projected share and revenue at the chosen levels",
    base: (f: Formatter, s: { month: string; usd: number; ipca: number; selic: number; revenue: number }) =>
      `The controls start at ${f.month(s.month)}, the latest analysis month: USD/BRL ${f.number(s.usd, 2)}, IPCA ${f.number(s.ipca, 1)} %, SELIC ${f.number(s.selic, 2)} %, revenue ${f.brl(s.revenue)}.`,
    outside: (names: string[]) =>
      `Outside what the analysis months saw (${names.join(", ")}): the projection extrapolates the straight line of the fit there, and its interval says only how uncertain that line is.`,
    finding: (f: Formatter, s: { up: number; down: number; shown: number; top: string; topChange: number }) =>
      `Of ${f.integer(s.shown)} categories, ${f.integer(s.up)} would gain share and ${f.integer(s.down)} lose it with an interval that excludes no change; ` +
      `the largest move is ${s.top} (× ${f.number(s.topChange, 2)}). Revenue is the projected share of the base month's total: the model measures shares, not whether the total grows or shrinks.`,
  },
};

export type Strings = typeof en;
