-- One row per month with sales (the months of fct_monthly_economics), with its
-- position in time: month_index 0 is the first month with sales. Pages ship
-- months once, as a list, and their rows carry this index instead of a date.
with

monthly as (
    select order_month from {{ ref('fct_monthly_economics') }}
),

final as (
    select
        -- month
        order_month,
        -- position among the months with sales, 0 = the first
        row_number() over (order by order_month) - 1 as month_index,
    from monthly
)

select * from final
