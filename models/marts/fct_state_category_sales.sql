-- One row per customer state, month and category group: the revenue (price +
-- freight of the items in sale orders) of each of the var top_categories
-- largest categories (dim_categories) and of the others together, as 'other'.
-- Sales whose customer is unknown (rejected in staging) count under
-- customer_state 'unknown', so the states add up to the month's revenue.
{{ config(
    partition_by={'field': 'order_month', 'granularity': 'month'},
    cluster_by=['customer_state', 'category_group']
) }}
with

sales as (
    select
        order_id,
        customer_state,
        order_month,
    from {{ ref('fct_orders_with_economics') }}
    where is_sale
),

items as (
    select * from {{ ref('stg_order_items') }}
),

products as (
    select * from {{ ref('stg_products') }}
),

top_categories as (
    select
        category_name,
        category_index,
    from {{ ref('dim_categories') }}
    where is_top_category
),

sold_items as (
    select
        -- grain
        coalesce(sales.customer_state, 'unknown') as customer_state,
        sales.order_month,
        -- a top category under its own name, every other one as 'other' (its
        -- index follows the top ones')
        coalesce(top_categories.category_name, 'other') as category_group,
        coalesce(
            top_categories.category_index,
            {{ var('top_categories') }}
        ) as category_index,
        -- amounts
        items.price_brl + items.freight_value_brl as item_value_brl,
    from items
    inner join sales
        on items.order_id = sales.order_id
    left join products
        on items.product_id = products.product_id
    left join top_categories
        on coalesce(products.category_name, 'uncategorized')
            = top_categories.category_name
),

final as (
    select
        -- grain
        customer_state,
        order_month,
        category_index,
        category_group,
        -- sales
        count(*) as items_sold,
        sum(item_value_brl) as total_revenue_brl,
    from sold_items
    group by
        customer_state,
        order_month,
        category_index,
        category_group
)

select * from final
