// One strings table per language and the locale-aware formatters every number on the site goes through.

export type Lang = "en" | "pt";

export const LOCALES: Record<Lang, string> = { en: "en-US", pt: "pt-BR" };

export const SECTIONS = ["index", "categories", "geography", "economy", "impact", "pipeline", "lineage"] as const;
export type Section = (typeof SECTIONS)[number];

const en = {
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
    layers: { source: "Source", base: "Base", staging: "Staging", mart: "Mart" } as Record<string, string>,
    materialized: { view: "view", table: "table", incremental: "incremental" } as Record<string, string>,
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
    severity: { error: "error", warn: "warning" } as Record<string, string>,
  },
  dataAsOf: "Data as of",
  ordersThrough: "orders through",
  indicatorsThrough: "indicators through",
  builtAt: "built",
  staleNotice: "Some economic series are older than their cadence allows:",
  staleSeries: { usd_brl: "USD/BRL", ipca: "IPCA", selic: "SELIC" } as Record<string, string>,
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
  } as Record<string, string>,
  paymentTypes: {
    credit_card: "Credit card",
    boleto: "Boleto",
    voucher: "Voucher",
    debit_card: "Debit card",
    not_defined: "Not defined",
  } as Record<string, string>,
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
    } as Record<string, string>,
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
    } as Record<string, string>,
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
    } as Record<string, string>,
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
    } as Record<string, string>,
    /** x-axis of the sensitivity charts: what one unit of the slope means. */
    slopeAxis: {
      usd_brl: "Elasticity of the revenue share (% per 1 % dearer dollar)",
      ipca_12m: "Change in ln(share) per IPCA point",
      selic: "Change in ln(share) per SELIC point",
    } as Record<string, string>,
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
    } as Record<string, string>,
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
    } as Record<string, string>,
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

const pt: Strings = {
  siteTitle: "E-commerce brasileiro e a economia",
  language: "Idioma",
  otherLanguage: "English",
  notebooks: "Cadernos",
  sections: {
    index: "Visão geral",
    categories: "Categorias",
    geography: "Geografia",
    economy: "Economia",
    impact: "Impacto econômico",
    pipeline: "Pipeline e qualidade dos dados",
    lineage: "Linhagem",
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
    monthlyRevenueAlt:
      "Linhas da receita mensal em reais nominais, reais constantes (deflacionados pelo IPCA) e dólares; o gráfico abaixo mostra a média mensal do USD/BRL.",
    usdBrlAlt: "Linha da média mensal do USD/BRL (R$ por US$), nos mesmos meses do gráfico de receita acima.",
    revenue: "Receita",
    usdBrl: "USD/BRL (R$ por US$)",
    month: "Mês",
    nominalBrl: "R$ nominais",
    usd: "US$",
    realBrl: "R$ constantes",
  },
  lineage: {
    alt: "Grafo de linhagem: fontes brutas à esquerda, depois os modelos base, staging e marts; uma linha liga cada modelo ao que ele lê.",
    layers: { source: "Fonte", base: "Base", staging: "Staging", mart: "Mart" },
    materialized: { view: "visão", table: "tabela", incremental: "incremental" },
    rows: "linhas",
    notBuilt: "não construído",
    models: "Modelos",
    sources: "Fontes",
    testsPassed: "Testes de dados aprovados",
    testsWarned: "Alertas",
    testsFailed: "Falhas",
    lastBuild: "Último build dos modelos",
    lastTests: "Últimos testes de dados",
    testsOf: "testes de dados",
    passed: "aprovados",
    warned: "com alerta",
    failed: "com falha",
    allPassed: "Todos os testes de dados passaram na última execução.",
    problem: { node: "Modelo ou fonte", column: "Coluna", test: "Teste", severity: "Severidade", message: "Mensagem" },
    severity: { error: "erro", warn: "alerta" },
  },
  dataAsOf: "Dados de",
  ordersThrough: "pedidos até",
  indicatorsThrough: "indicadores até",
  builtAt: "gerado em",
  staleNotice: "Algumas séries econômicas estão mais antigas do que sua periodicidade permite:",
  staleSeries: { usd_brl: "USD/BRL", ipca: "IPCA", selic: "SELIC" },
  lastObservation: "última observação em",
  snapshotFallback: "a API não respondeu; mostrando o último snapshot válido",
  months: ["jan", "fev", "mar", "abr", "mai", "jun", "jul", "ago", "set", "out", "nov", "dez"],
  weekdays: ["seg", "ter", "qua", "qui", "sex", "sáb", "dom"],
  noData: "Não há dados para os filtros escolhidos.",
  other: "Outras",
  filters: {
    title: "Filtros",
    months: "Meses",
    from: "De",
    to: "Até",
    categories: "Categorias",
    findCategory: "Procurar uma categoria",
    findState: "Procurar um estado",
    states: "Estados",
    all: "Marcar tudo",
    none: "Limpar",
    exchangeRatePeriod: "Período do câmbio",
    categoryNames: "Nomes das categorias",
    namesEn: "English",
    namesPt: "Português",
    namesBoth: "Ambos",
    selected: "na seleção",
  },
  periods: {
    "Strong BRL": "Real forte",
    Moderate: "Moderado",
    "Weak BRL": "Real fraco",
  },
  paymentTypes: {
    credit_card: "Cartão de crédito",
    boleto: "Boleto",
    voucher: "Vale",
    debit_card: "Cartão de débito",
    not_defined: "Não definido",
  },
  rhythm: {
    title: "Quando as pessoas compram",
    alt: "Mapa de calor dos pedidos por dia da semana (linhas) e hora da compra (colunas); células mais escuras têm mais pedidos.",
    hour: "Hora da compra",
    orders: "Pedidos",
  },
  categories: {
    top: "Categorias que mais vendem",
    topAlt: "Barras horizontais da receita (R$) de cada categoria nos meses escolhidos, da maior para a menor.",
    share: "Participação na receita de cada mês",
    shareAlt:
      "Áreas empilhadas da participação de cada categoria escolhida na receita do mês (todas as categorias); o que falta para 100 % são as categorias não escolhidas.",
    byPeriod: "Mix de categorias por período do câmbio",
    byPeriodAlt:
      "Mapa de calor da participação de cada categoria na receita dos meses de cada período do dólar: o mix muda com o câmbio?",
    monthly: "Receita mensal das maiores categorias",
    monthlyAlt: "Linhas da receita mensal (R$) das maiores categorias escolhidas.",
    revenueShare: "Participação na receita",
    otherSelected: "Outras escolhidas",
    items: "itens",
  },
  geography: {
    map: "Vendas por estado",
    mapAlt: "Mapa dos 27 estados do Brasil coloridos pela medida escolhida nos meses escolhidos; estados em cinza não estão selecionados.",
    metric: "O mapa mostra",
    metrics: {
      revenue: "Receita (R$)",
      aov: "Ticket médio",
      deliveryDays: "Dias até a entrega (média)",
      lateRate: "Entregas atrasadas",
    },
    stateCategory: "O que cada estado compra",
    stateCategoryAlt:
      "Mapa de calor da participação de cada uma das doze maiores categorias na receita de um estado, para cada estado escolhido, do maior para o menor.",
    freight: "Frete como parte do pedido",
    freightAlt: "Barras da razão média frete / valor do pedido por estado, da maior para a menor.",
    delivery: "Dias até a entrega por estado",
    deliveryAlt: "Pontos da média de dias entre a compra e a entrega por estado; a cor mostra a parcela entregue com atraso.",
    lateMonthly: "Entregas atrasadas por mês",
    lateMonthlyAlt: "Barras da parcela dos pedidos entregues depois da data estimada, por mês.",
    reviews: "Nota da avaliação e atraso na entrega",
    reviewsAlt:
      "Barras da nota média das avaliações (1–5) por semana entre a data estimada e a data real de entrega (negativo: adiantado); o rótulo sobre cada barra conta as avaliações.",
    days: "dias",
    delayDays: "Dias de atraso (negativo: adiantado)",
    avgScore: "Nota média",
    reviews_: "avaliações",
    freightRatio: "Frete / valor do pedido",
    lateRate: "Atrasadas",
  },
  economy: {
    usdBrl: "O dólar: USD/BRL",
    usdBrlAlt:
      "Taxa PTAX diária USD/BRL nos meses escolhidos, com os limites dos períodos de real forte, moderado e fraco.",
    ipca: "Inflação: IPCA",
    ipcaAlt: "Barras da variação mensal do IPCA e linha do IPCA acumulado em 12 meses, em porcentagem.",
    ipcaMonth: "IPCA no mês",
    ipca12m: "IPCA em 12 meses",
    selic: "Juros: meta da SELIC",
    selicAlt: "Linha em degraus da meta da taxa SELIC, em % ao ano.",
    selicRate: "% ao ano",
    salesVsRate: "Vendas mensais e o dólar",
    salesVsRateAlt:
      "Gráfico de dispersão da receita de cada mês (R$) contra a média do USD/BRL no mês, colorido pelo período do câmbio, com a reta de mínimos quadrados.",
    fit: "reta de mínimos quadrados",
    payments: "Como os pedidos são pagos",
    paymentsAlt: "Barras empilhadas da participação de cada forma de pagamento nos pedidos do mês.",
    shareOfOrders: "Parcela dos pedidos",
    percent: "%",
  },
  pipeline: {
    tests: "Testes de dados da última execução",
    testsAlt: "Barras empilhadas dos testes de dados por modelo e resultado: aprovado, aviso, falha ou erro.",
    runs: "Histórico de execuções",
    runsAlt:
      "Barras empilhadas dos segundos de cada etapa das últimas execuções do pipeline, da mais antiga à esquerda; a marca sobre cada barra é o status da execução (✓ sucesso, ✗ falhou, – pulada).",
    jobs: "Jobs e agendamentos",
    jobColumn: { job: "Job", steps: "Etapas", schedule: "Agendamento (cron)", next: "Próxima execução", last: "Última execução" },
    jobDescriptions: {
      daily_full_refresh: "Extrai todas as fontes, reconstrói todos os modelos do zero, roda os testes de dados e gera o site",
      economic_update: "Busca as séries do BCB, reconstrói os modelos que as leem, testa e gera o site",
      quality_check: "Roda os testes de dados no armazém atual",
    },
    notScheduled: "só manual",
    models: "Tempo de construção dos modelos",
    modelsAlt: "Barras dos segundos que cada modelo da última execução levou para ser construído.",
    loads: "Linhas carregadas da origem",
    loadsAlt: "Barras das linhas que cada tabela de origem entregou, divididas em carregadas e rejeitadas.",
    seconds: "Segundos",
    tests_: "Testes",
    rows: "Linhas",
    loaded: "Carregadas",
    rejected: "Rejeitadas",
    status: {
      pass: "Aprovado",
      warn: "Aviso",
      fail: "Falha",
      error: "Erro",
      success: "Sucesso",
      failed: "Falhou",
      skipped: "Pulada",
      running: "Em andamento",
      aborted: "Interrompida",
      crashed: "Caiu",
      cancelled: "Cancelada",
      queued: "Na fila",
    },
    failing: "Testes que não passaram",
    allPassed: "Todos os testes de dados da última execução passaram.",
    column: { test: "Teste", model: "Modelo", status: "Resultado", failures: "Linhas com falha", message: "Mensagem" },
  },
  impact: {
    indicator: "Indicador",
    indicators: {
      usd_brl: "O dólar (USD/BRL)",
      ipca_12m: "Inflação (IPCA, 12 meses)",
      selic: "Juros (SELIC)",
    },
    slopeAxis: {
      usd_brl: "Elasticidade da participação na receita (% por 1 % de alta do dólar)",
      ipca_12m: "Variação de ln(participação) por ponto de IPCA",
      selic: "Variação de ln(participação) por ponto de SELIC",
    },
    categoriesTitle: "Como a participação de cada categoria na receita se move com o indicador",
    categoriesAlt:
      "Gráfico de pontos: a inclinação (MQO) de cada categoria como ponto e seu intervalo de confiança de 95 % como linha, da mais negativa à mais positiva. Pontos escuros: o intervalo exclui o zero e sobrevive ao controle de falsas descobertas; pontos em tom médio: o intervalo só exclui o zero; pontos claros: o intervalo inclui o zero. Intervalos maiores que o eixo são cortados na borda.",
    statesTitle: "Como a participação de cada estado na receita se move com o indicador",
    statesAlt:
      "Gráfico de pontos: a inclinação (MQO) de cada estado como ponto e seu intervalo de confiança de 95 % como linha, da mais negativa à mais positiva; pontos escuros têm intervalo que exclui o zero.",
    verdicts: {
      fdr: "Exclui o zero e sobrevive ao FDR de 5 %",
      significant: "Só exclui o zero (95 %)",
      none: "O intervalo inclui o zero",
    },
    column: {
      category: "Categoria",
      state: "Estado",
      slope: "Inclinação",
      ci: "Intervalo de 95 %",
      r2: "R²",
      months: "Meses",
      p: "Valor-p",
      fdr: "Sobrevive ao FDR de 5 %",
      reason: "Por que não há estimativa",
    },
    yes: "sim",
    no: "não",
    none: "Nenhuma.",
    status: {
      too_few_months: "poucos meses com vendas",
      no_variation: "o indicador não variou",
    },
    summary: (f, s) =>
      `${f.integer(s.estimated)} ${s.noun} têm meses suficientes para uma estimativa${s.thin ? ` (mais ${f.integer(s.thin)} sem meses suficientes)` : ""}. ` +
      `Intervalos de 95 % que excluem o zero: ${f.integer(s.significant)}, quando o acaso sozinho daria cerca de ${f.number(s.expected, 1)}; ` +
      `com a taxa de falsas descobertas mantida em 5 % (Benjamini–Hochberg): ${f.integer(s.fdr)}.`,
    strongest: (f, s) =>
      s.dollar
        ? `${s.name}: um dólar 10 % mais caro vem com participação na receita ${f.percent(Math.abs(1.1 ** s.slope - 1))} ${s.slope < 0 ? "menor" : "maior"} (elasticidade ${f.number(s.slope)}, intervalo de 95 % de ${f.number(s.low)} a ${f.number(s.high)}, R² ${f.number(s.r2)}, ${f.integer(s.n)} meses).`
        : `${s.name}: um ponto a mais vem com participação na receita ${f.percent(Math.abs(Math.exp(s.slope) - 1))} ${s.slope < 0 ? "menor" : "maior"} (inclinação ${f.number(s.slope, 3)}, intervalo de 95 % de ${f.number(s.low, 3)} a ${f.number(s.high, 3)}, R² ${f.number(s.r2)}, ${f.integer(s.n)} meses).`,
    categoriesNoun: "categorias",
    statesNoun: "estados",
    timingTitle: "A receita segue o dólar com atraso?",
    timingAlt:
      "Barras da correlação entre a variação do USD/BRL no mês e a receita real sem tendência tantos meses depois, defasagens de 0 a 6, com linhas tracejadas na faixa de 95 % de ausência de correlação.",
    lag: "Meses depois da variação do dólar",
    correlation: "Correlação",
    timingFinding: (f, s) =>
      `Em ${f.integer(s.n)} meses, a faixa de ausência de correlação é ±${f.number(s.band)}. ` +
      (s.outside.length === 0
        ? `Nenhuma defasagem sai dela: a correlação mais forte, ${f.number(s.strongest)} em ${f.integer(s.strongestLag)} meses, está dentro do que o acaso produz. Os dados não mostram resposta defasada da receita ao dólar.`
        : `${s.outside.length > 1 ? "As defasagens" : "A defasagem"} ${s.outside.map((l) => f.integer(l)).join(", ")} ${s.outside.length > 1 ? "saem" : "sai"} dela (a mais forte, ${f.number(s.strongest)} em ${f.integer(s.strongestLag)} meses); com sete defasagens testadas, uma fora da faixa acontece por acaso em um terço das vezes.`),
    realTitle: "Receita em reais nominais, reais constantes e dólares",
    realAlt:
      "Três linhas da receita mensal como índice, primeiro mês da análise = 100: reais nominais, reais a preços constantes (deflacionados pelo IPCA) e dólares.",
    indexAxis: "Índice (primeiro mês = 100)",
    nominal: "R$ nominais",
    real: (month) => `R$ constantes (preços de ${month})`,
    dollars: "US$",
    growthFinding: (f, g) =>
      `${f.month(g.from)}–${f.month(g.to)} contra ${f.month(g.previousFrom)}–${f.month(g.previousTo)}: a receita cresceu ${f.percent(g.nominal)} em reais nominais, ${f.percent(g.real)} a preços constantes e ${f.percent(g.usd)} em dólares. A inflação explica a diferença entre os dois primeiros; o dólar mais caro, a diferença para o terceiro.`,
    forecastTitle: "Previsão da receita",
    forecastAlt:
      "Linha da receita mensal (R$) nos meses da análise, depois os meses previstos como pontos, com intervalos de previsão de 80 % e 95 % sombreados.",
    history: "Receita",
    forecast: "Previsão",
    interval80: "Intervalo de 80 %",
    interval95: "Intervalo de 95 %",
    backtest: {
      h: "Meses à frente",
      forecasts: "Previsões testadas",
      mape: "MAPE, Holt amortecido",
      naive: "MAPE, ingênua (repete o último mês)",
    },
    forecastFinding: (f, s) =>
      `Para ${f.month(s.month)} o modelo espera ${f.brl(s.revenue)} (intervalo de 95 % de ${f.brl(s.low)} a ${f.brl(s.high)}). Suavização ajustada: α ${f.number(s.alpha)}, β ${f.number(s.beta)}, amortecimento φ ${f.number(s.phi)}.`,
    backtestFinding: (f, s) =>
      `Um mês à frente, o teste retroativo erra em média ${f.percent(s.mape1)}; a previsão ingênua, ${f.percent(s.naive1)}: ` +
      (s.beats ? "o modelo se paga, por pouco." : "o modelo não supera repetir o último mês; leia o intervalo, não o ponto."),
    noData: "Não há meses suficientes para esta análise.",
    monthsUsed: (f, s) =>
      `${f.integer(s.n)} meses, de ${f.month(s.from)} a ${f.month(s.to)}. Ficaram de fora, com seus pedidos: ${s.left.length ? s.left.join("; ") : "nenhum"}.`,
  },
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
  /** A plain number in compact form for axes: 1.2M / 1,2 mi. */
  compact(n: number): string;
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
  const compactNumber = new Intl.NumberFormat(locale, { notation: "compact", maximumFractionDigits: 1 });
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

/** The page path of a section in a language, relative to the site root. */
export function sectionPath(lang: Lang, section: Section): string {
  return section === "index" ? `pages/${lang}/` : `pages/${lang}/${section}`;
}
