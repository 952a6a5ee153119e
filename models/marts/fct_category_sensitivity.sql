-- One row per product category and economic indicator: how the category's share
-- of monthly revenue moves with the indicator. The OLS slope of ln(revenue
-- share) on ln(USD/BRL) is an elasticity; on 12-month IPCA and on SELIC (both
-- in percentage points) a semi-elasticity. With its standard error, the 95 %
-- interval (t, n − 2 df), R², a flag when the interval excludes zero, and a
-- reason in words where there is too little data. Shares move relative to the
-- market: see docs/sensitivity.md for the method and its limits.
with

months as (
    select * from {{ ref('fct_sensitivity_months') }}
    where is_analysis_month
),

category_months as (
    select * from {{ ref('fct_category_performance_economics') }}
),

-- every category that sold at all, so one with too little data still gets its
-- rows
categories as (
    select
        category_name,
        max(category_name_pt) as category_name_pt,
    from category_months
    group by category_name
),

indicators as (
    select 'usd_brl' as indicator, 'ln(USD/BRL)' as regressor
    union all
    select 'ipca_12m', 'IPCA 12 months, percentage points'
    union all
    select 'selic', 'SELIC, percentage points'
),

shares as (
    select
        category_months.category_name,
        category_months.order_month,
        ln(category_months.revenue_share) as log_share,
        months.log_usd_brl,
        months.ipca_12m_pct,
        months.avg_selic_rate,
    from category_months
    inner join months
        on category_months.order_month = months.order_month
    where category_months.revenue_share > 0
),

-- one row per category, month and indicator: y = ln(share), x = the indicator
observations as (
    select
        category_name,
        'usd_brl' as indicator,
        log_share as y,
        log_usd_brl as x
    from shares
    union all
    select category_name, 'ipca_12m', log_share, ipca_12m_pct
    from shares
    union all
    select category_name, 'selic', log_share, avg_selic_rate
    from shares
),

estimates as (
    select
        category_name,
        indicator,
        {{ ols_n('y', 'x') }} as n_months,
        {{ ols_slope('y', 'x') }} as slope,
        {{ ols_std_error('y', 'x') }} as std_error,
        {{ ols_r_squared('y', 'x') }} as r_squared,
    from observations
    group by
        category_name,
        indicator
),

judged as (
    select
        categories.category_name,
        categories.category_name_pt,
        indicators.indicator,
        indicators.regressor,
        (select count(*) from months) as analysis_months,
        coalesce(estimates.n_months, 0) as n_months,
        case
            when coalesce(estimates.n_months, 0)
                < {{ var('sensitivity_min_months') }}
                then 'too_few_months'
            when estimates.slope is null
                then 'no_variation'
            else 'estimated'
        end as status,
        estimates.slope,
        estimates.std_error,
        estimates.r_squared,
    from categories
    cross join indicators
    left join estimates
        on categories.category_name = estimates.category_name
        and indicators.indicator = estimates.indicator
),

intervals as (
    select
        *,
        {{ t_critical_975('n_months - 2') }} as t_critical,
    from judged
),

final as (
    select
        -- grain
        category_name,
        category_name_pt,
        indicator,
        regressor,
        {{ sensitivity_verdict('category_name', 'sold', 'category') }}
    from intervals
)

select * from final
