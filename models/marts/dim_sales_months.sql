-- One row per month with sales (the months of fct_monthly_economics), with its
-- position in time: month_index 0 is the first month with sales. Pages ship
-- months once, as a list, and their rows carry this index instead of a date.
-- is_full_month is the rule of the sensitivity marts (fct_sensitivity_months):
-- a partial or thin month (the ramp-up and the cut-off of the data) is shaded
-- on every chart and left out of every fit and growth rate.
with

monthly as (
    select order_month from {{ ref('fct_monthly_economics') }}
),

sensitivity as (
    select
        order_month,
        is_analysis_month,
        exclusion_reason,
    from {{ ref('fct_sensitivity_months') }}
),

final as (
    select
        -- month
        monthly.order_month,
        -- position among the months with sales, 0 = the first
        row_number() over (order by monthly.order_month) - 1 as month_index,
        -- whether fits and growth rates count the month, and why not
        sensitivity.is_analysis_month as is_full_month,
        sensitivity.exclusion_reason,
    from monthly
    left join sensitivity
        on monthly.order_month = sensitivity.order_month
)

select * from final
