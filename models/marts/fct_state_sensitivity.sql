-- One row per customer state and economic indicator: how the state's share of
-- monthly revenue moves with the indicator, by the method of
-- fct_category_sensitivity (OLS of ln(share) on ln(USD/BRL), IPCA 12 months,
-- SELIC; standard error, 95 % t interval, R², flag, reason). Sales whose
-- customer is unknown count in the month's total but get no row: they are not a
-- state.
with

months as (
    select * from {{ ref('fct_sensitivity_months') }}
    where is_analysis_month
),

state_months as (
    select
        customer_state,
        order_month,
        {{ ratio(
            'total_revenue_brl',
            'sum(total_revenue_brl) over (partition by order_month)'
        ) }} as revenue_share,
    from {{ ref('fct_geographic_sales_economics') }}
),

-- every state that bought at all, so one with too few months still gets its
-- rows
states as (
    select distinct customer_state
    from state_months
    where customer_state in {{ in_list(var('states')) }}
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
        state_months.customer_state,
        state_months.order_month,
        ln(state_months.revenue_share) as log_share,
        months.log_usd_brl,
        months.ipca_12m_pct,
        months.avg_selic_rate,
    from state_months
    inner join months
        on state_months.order_month = months.order_month
    where state_months.revenue_share > 0
),

-- one row per state, month and indicator: y = ln(share), x = the indicator
observations as (
    select
        customer_state,
        'usd_brl' as indicator,
        log_share as y,
        log_usd_brl as x
    from shares
    union all
    select customer_state, 'ipca_12m', log_share, ipca_12m_pct
    from shares
    union all
    select customer_state, 'selic', log_share, avg_selic_rate
    from shares
),

estimates as (
    select
        customer_state,
        indicator,
        {{ ols_n('y', 'x') }} as n_months,
        {{ ols_slope('y', 'x') }} as slope,
        {{ ols_std_error('y', 'x') }} as std_error,
        {{ ols_r_squared('y', 'x') }} as r_squared,
    from observations
    group by
        customer_state,
        indicator
),

judged as (
    select
        states.customer_state,
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
    from states
    cross join indicators
    left join estimates
        on states.customer_state = estimates.customer_state
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
        customer_state,
        indicator,
        regressor,
        {{ sensitivity_verdict('customer_state', 'bought', 'state') }}
    from intervals
)

select * from final
