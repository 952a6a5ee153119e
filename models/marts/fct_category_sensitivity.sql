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

{{ share_regressions('category_name', 'category_months', 'categories', ['category_name_pt']) }},

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
