-- One row per product category, model and economic indicator: how the
-- category's share of monthly revenue moves with the indicator. The headline
-- (model = 'joint') is one weighted regression of ln(revenue share) on
-- ln(USD/BRL), 12-month IPCA and SELIC together, each month weighted by the
-- category's orders; model = 'single' rows fit one indicator at a time
-- (secondary). Against ln(USD/BRL) the slope is an elasticity; against IPCA
-- and SELIC (percentage points) a semi-elasticity. With its standard error,
-- the 95 % t interval, p-value, R², whether the interval excludes zero,
-- whether it survives Benjamini–Hochberg over the mart, and a reason in words
-- where there is too little data. Shares move relative to the market: see
-- docs/sensitivity.md for the method and its limits.
with

months as (
    select * from {{ ref('fct_sensitivity_months') }}
    where is_analysis_month
),

category_months as (
    select * from {{ ref('fct_category_performance_economics') }}
),

-- every category that sold at all, so one with too little data still gets its
-- rows, with the reviewed names a reader sees
categories as (
    select
        category_name,
        category_name_pt,
        category_label,
        category_label_pt,
    from {{ ref('dim_categories') }}
),

{{ share_regressions('category_name', 'category_months', 'categories', ['category_name_pt', 'category_label', 'category_label_pt']) }},

final as (
    select
        -- grain
        category_name,
        category_name_pt,
        category_label,
        category_label_pt,
        model,
        indicator,
        regressor,
        {{ sensitivity_verdict('category_name', 'sold', 'category') }}
    from intervals
)

select * from final
