-- What the Economic impact page's scenarios compute from: per category, the
-- sensitivity marts' headline model (ln revenue share on ln(USD/BRL), IPCA 12
-- months and SELIC together, each analysis month weighted by the category's
-- orders) as coefficients and their full covariance, centred on the weighted
-- means. At indicator levels x*, with d = x* − mean:
--   ln share* = mean_log_share + b · d,
--   Var = sigma2 / sum_weight + dᵀ V d   (V the cov_* block; the centred
--   intercept is uncorrelated with the slopes under these weights),
-- and the base month (the latest analysis month) to project revenue from.
-- Solved by Gram–Schmidt (macro weighted_fit), apart from the cofactor solve
-- of fct_category_sensitivity: a data test checks the two agree.
with

months as (
    select * from {{ ref('fct_sensitivity_months') }}
    where is_analysis_month
),

category_months as (
    select * from {{ ref('fct_category_performance_economics') }}
),

categories as (
    select
        category_name,
        category_name_pt,
    from {{ ref('dim_categories') }}
),

points as (
    select
        category_months.category_name,
        cast(category_months.order_count as {{ type_float() }}) as w,
        ln(category_months.revenue_share) as y,
        months.log_usd_brl as usd,
        months.ipca_12m_pct as ipca,
        months.avg_selic_rate as selic,
    from category_months
    inner join months
        on category_months.order_month = months.order_month
    where category_months.revenue_share > 0
        and category_months.order_count > 0
        and months.log_usd_brl is not null
        and months.ipca_12m_pct is not null
        and months.avg_selic_rate is not null
),

{{ weighted_fit('scenario', 'points', ['category_name'], ['usd', 'ipca', 'selic']) }},

-- the latest analysis month: the levels the page's controls start from and
-- the total revenue a projected share is applied to
base as (
    select
        order_month as base_month,
        total_revenue_brl as base_total_revenue_brl,
        avg_usd_brl_published as base_usd_brl,
        ipca_12m_pct as base_ipca_12m_pct,
        avg_selic_rate as base_selic_rate,
    from months
    where order_month = (select max(order_month) from months)
),

-- the levels the fit has seen: a scenario outside them is an extrapolation
observed as (
    select
        min(avg_usd_brl_published) as min_usd_brl,
        max(avg_usd_brl_published) as max_usd_brl,
        min(ipca_12m_pct) as min_ipca_12m_pct,
        max(ipca_12m_pct) as max_ipca_12m_pct,
        min(avg_selic_rate) as min_selic_rate,
        max(avg_selic_rate) as max_selic_rate,
    from months
),

base_shares as (
    select
        category_name,
        revenue_share as base_revenue_share,
    from category_months
    where order_month = (select max(order_month) from months)
),

judged as (
    select
        -- grain
        categories.category_name,
        categories.category_name_pt,
        -- data
        case
            when coalesce(scenario_fit.n, 0)
                < greatest({{ var('sensitivity_min_months') }}, 5)
                then 'too_few_months'
            when scenario_fit.is_collinear then 'collinear'
            else 'estimated'
        end as status,
        coalesce(scenario_fit.n, 0) as n_months,
        scenario_fit.df,
        {{ t_critical_975('scenario_fit.df') }} as t_critical,
        scenario_fit.sum_w as sum_weight,
        -- centres
        scenario_fit.mean_y as mean_log_share,
        scenario_fit.mean_usd as mean_log_usd_brl,
        scenario_fit.mean_ipca as mean_ipca_12m_pct,
        scenario_fit.mean_selic as mean_selic_rate,
        -- coefficients
        scenario_fit.beta_usd as slope_usd_brl,
        scenario_fit.beta_ipca as slope_ipca,
        scenario_fit.beta_selic as slope_selic,
        scenario_fit.sigma2,
        -- covariance of the slopes
        scenario_fit.cov_usd_usd as cov_usd_usd,
        scenario_fit.cov_usd_ipca as cov_usd_ipca,
        scenario_fit.cov_usd_selic as cov_usd_selic,
        scenario_fit.cov_ipca_ipca as cov_ipca_ipca,
        scenario_fit.cov_ipca_selic as cov_ipca_selic,
        scenario_fit.cov_selic_selic as cov_selic_selic,
        -- the base month
        base.base_month,
        base.base_total_revenue_brl,
        base.base_usd_brl,
        base.base_ipca_12m_pct,
        base.base_selic_rate,
        base_shares.base_revenue_share,
        observed.min_usd_brl,
        observed.max_usd_brl,
        observed.min_ipca_12m_pct,
        observed.max_ipca_12m_pct,
        observed.min_selic_rate,
        observed.max_selic_rate,
    from categories
    cross join base
    cross join observed
    left join scenario_fit
        on categories.category_name = scenario_fit.category_name
    left join base_shares
        on categories.category_name = base_shares.category_name
),

final as (
    select
        -- grain
        category_name,
        category_name_pt,
        -- data
        status,
        n_months,
        -- the fit (null unless estimated)
        case when status = 'estimated' then df end as df,
        case when status = 'estimated' then t_critical end as t_critical,
        case when status = 'estimated' then sum_weight end as sum_weight,
        case when status = 'estimated' then mean_log_share end as mean_log_share,
        case when status = 'estimated' then mean_log_usd_brl end as mean_log_usd_brl,
        case when status = 'estimated' then mean_ipca_12m_pct end as mean_ipca_12m_pct,
        case when status = 'estimated' then mean_selic_rate end as mean_selic_rate,
        case when status = 'estimated' then slope_usd_brl end as slope_usd_brl,
        case when status = 'estimated' then slope_ipca end as slope_ipca,
        case when status = 'estimated' then slope_selic end as slope_selic,
        case when status = 'estimated' then sigma2 end as sigma2,
        case when status = 'estimated' then cov_usd_usd end as cov_usd_usd,
        case when status = 'estimated' then cov_usd_ipca end as cov_usd_ipca,
        case when status = 'estimated' then cov_usd_selic end as cov_usd_selic,
        case when status = 'estimated' then cov_ipca_ipca end as cov_ipca_ipca,
        case when status = 'estimated' then cov_ipca_selic end as cov_ipca_selic,
        case when status = 'estimated' then cov_selic_selic end as cov_selic_selic,
        -- the base month
        base_month,
        base_total_revenue_brl,
        base_usd_brl,
        base_ipca_12m_pct,
        base_selic_rate,
        base_revenue_share,
        -- the range of the analysis months
        min_usd_brl,
        max_usd_brl,
        min_ipca_12m_pct,
        max_ipca_12m_pct,
        min_selic_rate,
        max_selic_rate,
    from judged
)

select * from final
