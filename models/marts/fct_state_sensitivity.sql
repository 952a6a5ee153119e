-- One row per customer state and economic indicator: how the state's share of
-- monthly revenue moves with the indicator, by the method of
-- fct_category_sensitivity (joint weighted regression of ln(share) on
-- ln(USD/BRL), IPCA 12 months and SELIC, weights the state's orders; single
-- fits as secondary rows; standard error, 95 % t interval, p-value, FDR
-- verdict, reason). Sales whose
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
        order_count,
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

{{ share_regressions('customer_state', 'state_months', 'states') }},

final as (
    select
        -- grain
        customer_state,
        model,
        indicator,
        regressor,
        {{ sensitivity_verdict('customer_state', 'bought', 'state') }}
    from intervals
)

select * from final
