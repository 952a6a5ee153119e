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
-- rows
categories as (
    select
        category_name,
        max(category_name_pt) as category_name_pt,
    from category_months
    group by category_name
),

-- the reviewed names a reader sees (seed category_names)
names as (
    select
        category_name_pt as name_key,
        label_en,
        label_pt,
    from {{ ref('category_names') }}
),

{{ share_regressions('category_name', 'category_months', 'categories', ['category_name_pt']) }},

final as (
    select
        -- grain
        category_name,
        category_name_pt,
        coalesce(names.label_en, replace(category_name, '_', ' '))
            as category_label,
        coalesce(names.label_pt, replace(category_name_pt, '_', ' '))
            as category_label_pt,
        model,
        indicator,
        regressor,
        {{ sensitivity_verdict('category_name', 'sold', 'category') }}
    from intervals
    left join names
        on intervals.category_name_pt = names.name_key
)

select * from final
