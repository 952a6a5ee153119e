// The Portuguese strings table, typed against the English one: a label missing here, or one English does not
// have, is a type error.
import type { Strings } from "./en.js";

export const pt: Strings = {
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
    layers: { source: "Fonte", seed: "Tabela revisada (seed)", base: "Base", staging: "Staging", mart: "Mart" },
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
    problemsTitle: "Testes de dados que não passaram",
    problem: { node: "Modelo ou fonte", column: "Coluna", test: "Teste", severity: "Severidade", message: "Mensagem" },
    severity: { error: "erro", warn: "alerta" },
  },
  dataAsOf: "Dados de",
  ordersThrough: "pedidos até",
  indicatorsThrough: "indicadores até",
  builtAt: "gerado em",
  staleNotice: "Algumas séries econômicas estão mais antigas do que sua periodicidade permite:",
  coverage: {
    period: (from: string, to: string, months: number) => `Pedidos de ${from} a ${to} (${months} meses)`,
    partial: (months: string[]) =>
      `${months.length === 1 ? "Um mês é parcial ou tem" : `${months.length} meses são parciais ou têm`} poucos pedidos (${months.join(", ")}): sombreados nos gráficos, fora dos ajustes e das taxas de crescimento.`,
    covered: "Dólar (USD/BRL), IPCA e SELIC cobrem todo o período dos pedidos.",
    shortNotice: "Estas séries econômicas terminam antes do último pedido; os meses seguintes ficam sem valor:",
    info: "Para informação, as séries do Banco Central lidas vão até:",
    pastCadence: "além da periodicidade de publicação",
    built: "Site gerado em",
  },
  staleSeries: { usd_brl: "USD/BRL", ipca: "IPCA", selic: "SELIC" },
  lastObservation: "última observação em",
  snapshotFallback: "a API não respondeu; mostrando o último snapshot válido",
  months: ["jan", "fev", "mar", "abr", "mai", "jun", "jul", "ago", "set", "out", "nov", "dez"],
  weekdays: ["seg", "ter", "qua", "qui", "sex", "sáb", "dom"],
  noData: "Não há dados para os filtros escolhidos.",
  chartData: "Dados",
  partialMonth: "mês parcial ou com poucos pedidos: fora do ajuste",
  partialMonthsNote:
    "Sombreado (riscado num gráfico de dispersão): mês parcial ou com poucos pedidos (poucos pedidos diante do mês mediano, como onde os dados começam e terminam), fora dos ajustes e das taxas de crescimento.",
  downloadCsv: "Baixar CSV",
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
    byPeriodAlt: "Mapa de calor da participação de cada categoria na receita dos meses de cada período do dólar: o mix muda com o câmbio?",
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
    usdBrlAlt: "Taxa PTAX diária USD/BRL nos meses escolhidos, com os limites dos períodos de real forte, moderado e fraco.",
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
    stepNames: {
      extract: "extração",
      indicators: "indicadores",
      models: "modelos",
      tests: "testes",
      site: "site",
      report: "relatório",
      notebooks: "cadernos",
    },
    jobNames: { daily_full_refresh: "carga completa diária", economic_update: "atualização econômica", quality_check: "verificação de qualidade" },
    // The pipeline's messages follow a few fixed forms (pipeline/transform/dataTests.ts, freshness.ts): their
    // words are translated, their ids, values and quoted rows stay as they are.
    testMessage: (message: string) =>
      message
        .replace(
          / failed: newest value (\S+) is (\d+) days old on (\S+) \(limit (\d+)\); refresh the source$/,
          " falhou: o valor mais recente, $1, tem $2 dias em $3 (limite $4); atualize a fonte",
        )
        .replace(
          / failed: the table has no rows; load it before building the models$/,
          " falhou: a tabela não tem linhas; carregue-a antes de construir os modelos",
        )
        .replace(/ failed on (\d+) row\(s\), e\.g\. /, " falhou em $1 linha(s), por exemplo ")
        .replace(/ could not run: /, " não pôde ser executado: "),
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
    durations: "Duração das execuções ao longo do tempo",
    durationsAlt:
      "Pontos da duração em segundos de cada execução concluída no seu horário de início, uma linha por job; execuções que falharam, foram interrompidas ou caíram são cruzes vermelhas, e uma execução em andamento é um ponto vazado com os segundos até agora.",
    failureRate: "Taxa de falhas",
    failureRateNote: "Execuções que falharam, foram interrompidas ou caíram entre as execuções concluídas do histórico mostrado.",
    failureColumn: { job: "Job", runs: "Execuções concluídas", failed: "Com falha", rate: "Taxa de falhas" },
    allJobs: "Todos os jobs",
    lastAlert: "Último alerta enviado",
    noAlert: "Nenhum alerta enviado ainda (os alertas vão para ALERT_WEBHOOK_URL quando ele está definido).",
    delivered: "entregue",
    notDelivered: "não entregue",
    alertEvents: {
      run_failed: "Execução falhou",
      tests_warn: "Testes de nível aviso passaram a falhar",
      bcb_stale: "Série do BCB desatualizada",
      recovered: "Job recuperado",
    },
  },
  impact: {
    indicator: "Indicador",
    indicators: {
      usd_brl: "O dólar (USD/BRL)",
      ipca: "Inflação (IPCA, 12 meses)",
      selic: "Juros (SELIC)",
    },
    slopeAxis: {
      usd_brl: "Elasticidade da participação na receita (% por 1 % de alta do dólar)",
      ipca: "Variação de ln(participação) por ponto de IPCA",
      selic: "Variação de ln(participação) por ponto de SELIC",
    },
    categoriesTitle: "Como a participação de cada categoria na receita se move com o indicador",
    categoriesAlt:
      "Gráfico de pontos: a inclinação de cada categoria (uma regressão ponderada no dólar, IPCA e SELIC juntos) como ponto e seu intervalo de confiança de 95 % como linha, da mais negativa à mais positiva. Pontos escuros: o intervalo exclui o zero e sobrevive ao controle de falsas descobertas; pontos em tom médio: o intervalo só exclui o zero; pontos claros: o intervalo inclui o zero. Intervalos maiores que o eixo são cortados na borda.",
    statesTitle: "Como a participação de cada estado na receita se move com o indicador",
    statesAlt:
      "Gráfico de pontos: a inclinação de cada estado (uma regressão ponderada no dólar, IPCA e SELIC juntos) como ponto e seu intervalo de confiança de 95 % como linha, da mais negativa à mais positiva; pontos escuros têm intervalo que exclui o zero e sobrevivem ao controle de falsas descobertas.",
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
      collinear: "os indicadores não variaram de forma independente",
    },
    summary: (f, s) =>
      `${f.integer(s.estimated)} ${s.noun} têm meses suficientes para uma estimativa${s.thin ? ` (mais ${f.integer(s.thin)} sem meses suficientes)` : ""}. ` +
      `Intervalos de 95 % que excluem o zero: ${f.integer(s.significant)}, quando o acaso sozinho daria cerca de ${f.number(s.expected, 1)}; ` +
      `com a taxa de falsas descobertas mantida em 5 % sobre as estimativas de cada indicador (Benjamini–Hochberg): ${f.integer(s.fdr)}.`,
    strongest: (f, s) =>
      s.dollar
        ? `${s.name}: um dólar 10 % mais caro vem com participação na receita ${f.percent(Math.abs(1.1 ** s.slope - 1))} ${s.slope < 0 ? "menor" : "maior"} (elasticidade ${f.number(s.slope)}, intervalo de 95 % de ${f.number(s.low)} a ${f.number(s.high)}, R² ${f.number(s.r2)}, ${f.integer(s.n)} meses).`
        : `${s.name}: um ponto a mais vem com participação na receita ${f.percent(Math.abs(Math.exp(s.slope) - 1))} ${s.slope < 0 ? "menor" : "maior"} (inclinação ${f.number(s.slope, 3)}, intervalo de 95 % de ${f.number(s.low, 3)} a ${f.number(s.high, 3)}, R² ${f.number(s.r2)}, ${f.integer(s.n)} meses).`,
    categoriesNoun: "categorias",
    lagsAlt: "Tabela das defasagens do dólar",
    lagColumn: (k) => (k === 0 ? "Mesmo mês" : `${k} ${k > 1 ? "meses" : "mês"} depois`),
    cumulative: "Acumulado, 0–3 meses (intervalo de 95 %)",
    lagFinding: (f, s) =>
      `${s.noun === "estados" ? "Dos" : "Das"} ${f.integer(s.categories)} ${s.noun} cujo efeito do dólar sobrevive ao controle de falsas descobertas, ${f.integer(s.cumulative)} têm efeito acumulado em 0–3 meses com intervalo que exclui o zero. ` +
      `Das suas ${f.integer(s.tests)} inclinações defasadas (1 a 3 meses), ${f.integer(s.delayed)} excluem o zero, quando o acaso sozinho daria cerca de ${f.number(s.tests * 0.05, 1)}: ` +
      (s.delayed > s.tests * 0.1 ? "parte da resposta vem com atraso." : "a demanda responde ao dólar no mesmo mês, até onde 20 meses permitem dizer."),
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
      seasonal: "MAPE, ingênua sazonal (mesmo mês do ano anterior)",
      cover80: "Dentro do intervalo de 80 %",
      cover95: "Dentro do intervalo de 95 %",
    },
    coverageFinding: (f, s) =>
      `Nas ${f.integer(s.n)} previsões do teste retroativo, ${f.percent(s.in80)} dos meses reais caíram dentro do intervalo de 80 % e ${f.percent(s.in95)} dentro do de 95 %` +
      (s.in80 > 0.95 ? " (os intervalos são largos demais: ajustes de 6 a 15 meses estimam mal o σ). " : ". ") +
      (s.naiveWins.length
        ? `Onde perde: repetir o último mês acerta mais com ${s.naiveWins.map((h) => f.integer(h)).join(", ")} mês(es) de antecedência. `
        : "Vence a previsão ingênua em todos os horizontes. ") +
      (s.seasonalWins.length
        ? `Repetir o mesmo mês do ano anterior o vence com ${s.seasonalWins.map((h) => f.integer(h)).join(", ")} mês(es) de antecedência.`
        : "A previsão ingênua sazonal, que copia o crescimento de 2017, perde em todos.") +
      " O teste retroativo não consegue avaliar um novembro: o único está dentro de todos os ajustes.",
    forecastFinding: (f, s) =>
      `Para ${f.month(s.month)} o modelo espera ${f.brl(s.revenue)} (intervalo de 95 % de ${f.brl(s.low)} a ${f.brl(s.high)}). Ajustado a partir de ${f.month(s.fitFrom)}, depois da rampa inicial: α ${f.number(s.alpha)}, β ${f.number(s.beta)}, amortecimento φ ${f.number(s.phi)}` +
      (s.novembers > 0
        ? `, novembro × ${f.number(s.november)} (estimado de ${f.integer(s.novembers)} ${s.novembers > 1 ? "novembros" : "novembro"}).`
        : "; nenhum novembro visto, então nenhum modelado."),
    backtestFinding: (f, s) =>
      `Um mês à frente, o teste retroativo erra em média ${f.percent(s.mape1)}; a previsão ingênua, ${f.percent(s.naive1)}: ` +
      (s.beats ? "o modelo se paga, por pouco." : "o modelo não supera repetir o último mês; leia o intervalo, não o ponto."),
    noData: "Não há meses suficientes para esta análise.",
    monthsUsed: (f, s) =>
      `${f.integer(s.n)} meses, de ${f.month(s.from)} a ${f.month(s.to)}. Ficaram de fora, com seus pedidos: ${s.left.length ? s.left.join("; ") : "nenhum"}.`,
  },
  scenarios: {
    lagChartTitle: "Quando a participação de cada categoria responde ao dólar",
    lagChartTitleStates: "Quando a participação de cada estado responde ao dólar",
    lagChartAlt:
      "Pequenos múltiplos, um painel por defasagem (o mesmo mês, 1, 2 e 3 meses depois) e um para o efeito acumulado: para cada categoria cujo efeito do dólar sobrevive ao controle de falsas descobertas, a inclinação como ponto e seu intervalo de 95 % como linha; escuro onde o intervalo exclui o zero.",
    lagChartNoSurvivors: (n) =>
      `Nenhum efeito do dólar sobrevive ao controle de falsas descobertas; em seu lugar, os ${n} com a evidência acumulada mais forte.`,
    lagAxis: "Elasticidade",
    lagCumulative: "Acumulado",
    title: "E se: a receita por categoria com outros níveis de dólar, inflação e juros",
    alt: "Gráfico de pontos: para as categorias com mais receita no mês-base, a participação na receita que o modelo projeta nos níveis escolhidos (ponto) com seu intervalo de 95 % (linha), ao lado da participação observada no mês-base (anel).",
    legend: "Cenário",
    usdBrl: "USD/BRL (R$ por US$)",
    ipca: "IPCA em 12 meses (%)",
    selic: "SELIC (% ao ano)",
    reset: "Voltar ao mês-base",
    shareAxis: "Participação na receita",
    projected: "Projetada (intervalo de 95 %)",
    observed: "Observada no mês-base",
    column: {
      category: "Categoria",
      baseShare: "Participação no mês-base",
      share: "Participação projetada (95 %)",
      change: "Variação em relação aos níveis do mês-base (95 %)",
      revenue: "Receita projetada por mês (95 %)",
    },
    tableAlt: "Tabela da participação e da receita projetadas de cada categoria nos níveis escolhidos",
    base: (f, s) =>
      `Os controles começam em ${f.month(s.month)}, o último mês da análise: USD/BRL ${f.number(s.usd, 2)}, IPCA ${f.number(s.ipca, 1)} %, SELIC ${f.number(s.selic, 2)} %, receita de ${f.brl(s.revenue)}.`,
    outside: (names) =>
      `Fora do que os meses da análise viram (${names.join(", ")}): ali a projeção estende a reta do ajuste, e seu intervalo diz apenas quão incerta é essa reta.`,
    finding: (f, s) =>
      `De ${f.integer(s.shown)} categorias, ${f.integer(s.up)} ganhariam participação e ${f.integer(s.down)} perderiam, com intervalo que exclui a ausência de variação; ` +
      `a maior variação é de ${s.top} (× ${f.number(s.topChange, 2)}). A receita é a participação projetada do total do mês-base: o modelo mede participações, não se o total cresce ou encolhe.`,
  },
};
