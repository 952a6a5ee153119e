-- One row per product category that sold: its revenue over every month and
-- its position by revenue (category_index 0 = the most; on equal revenue the
-- alphabetically first comes first). The var top_categories largest are the
-- ones the state × category marts show one at a time; the others add up there
-- as 'other'.
with

category_months as (
    select * from {{ ref('fct_category_performance_economics') }}
),

categories as (
    select
        category_name,
        max(category_name_pt) as category_name_pt,
        sum(total_revenue_brl) as total_revenue_brl,
        sum(items_sold) as items_sold,
    from category_months
    group by category_name
),

ranked as (
    select
        *,
        row_number() over (
            order by total_revenue_brl desc, category_name
        ) - 1 as category_index,
    from categories
),

final as (
    select
        -- category
        category_name,
        category_name_pt,
        -- sales over every month
        items_sold,
        total_revenue_brl,
        -- position by revenue, 0 = the most
        category_index,
        category_index < {{ var('top_categories') }} as is_top_category,
    from ranked
)

select * from final
