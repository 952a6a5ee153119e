-- One row per product category and month: what the category sold in BRL, USD
-- and constant BRL. A category's revenue is price + freight of its items in
-- sale orders; each item converts to USD at its order's day rate and deflates
-- by its order's IPCA index, rounded to cents per item. An order with items of
-- several categories counts once in each of them (order_count does not add up
-- across categories; revenue and items do).
with

sales as (
    select
        order_id,
        order_month,
        usd_brl_rate,
        ipca_index,
    from {{ ref('fct_orders_with_economics') }}
    where is_sale
),

items as (
    select * from {{ ref('stg_order_items') }}
),

products as (
    select * from {{ ref('stg_products') }}
),

sold_items as (
    select
        -- ids
        sales.order_id,
        -- category (items of products missing from the catalogue count as
        -- uncategorized)
        coalesce(products.category_name, 'uncategorized') as category_name,
        coalesce(products.category_name_pt, 'sem_categoria')
            as category_name_pt,
        -- month and economy of the order
        sales.order_month,
        sales.usd_brl_rate,
        -- amounts
        items.price_brl + items.freight_value_brl as item_value_brl,
        {{ brl_to_usd(
            'items.price_brl + items.freight_value_brl',
            'sales.usd_brl_rate'
        ) }} as item_value_usd,
        {{ deflate_brl(
            'items.price_brl + items.freight_value_brl',
            'sales.ipca_index'
        ) }} as item_value_real_brl,
    from items
    inner join sales
        on items.order_id = sales.order_id
    left join products
        on items.product_id = products.product_id
),

-- one row per category and order, so an order's rate weighs once in the
-- category's average
category_orders as (
    select
        category_name,
        order_month,
        order_id,
        max(usd_brl_rate) as usd_brl_rate,
    from sold_items
    group by
        category_name,
        order_month,
        order_id
),

category_rates as (
    select
        category_name,
        order_month,
        count(*) as order_count,
        avg(usd_brl_rate) as avg_exchange_rate,
    from category_orders
    group by
        category_name,
        order_month
),

category_sales as (
    select
        category_name,
        max(category_name_pt) as category_name_pt,
        order_month,
        count(*) as items_sold,
        sum(item_value_brl) as total_revenue_brl,
        sum(item_value_usd) as total_revenue_usd,
        sum(item_value_real_brl) as total_revenue_real_brl,
    from sold_items
    group by
        category_name,
        order_month
),

final as (
    select
        -- grain
        category_sales.category_name,
        category_sales.category_name_pt,
        category_sales.order_month,
        -- sales
        category_rates.order_count,
        category_sales.items_sold,
        category_sales.total_revenue_brl,
        category_sales.total_revenue_usd,
        category_sales.total_revenue_real_brl,
        -- economy
        category_rates.avg_exchange_rate,
        {{ exchange_rate_period('category_rates.avg_exchange_rate') }}
            as exchange_rate_period,
        -- the category's share of the month's revenue (BRL), 0..1
        {{ ratio(
            'category_sales.total_revenue_brl',
            'sum(category_sales.total_revenue_brl)
                over (partition by category_sales.order_month)'
        ) }} as revenue_share,
    from category_sales
    inner join category_rates
        on category_sales.category_name = category_rates.category_name
        and category_sales.order_month = category_rates.order_month
)

select * from final
