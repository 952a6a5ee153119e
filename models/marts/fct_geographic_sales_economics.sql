-- One row per customer state and month: sales, ticket, freight and delivery
-- performance beside the dollar. Sales whose customer is unknown (rejected in
-- staging) count under customer_state 'unknown', so the states add up to the
-- month's total.
with

sales as (
    select * from {{ ref('fct_orders_with_economics') }}
    where is_sale
),

final as (
    select
        -- grain
        coalesce(customer_state, 'unknown') as customer_state,
        order_month,
        -- sales
        count(*) as order_count,
        count(distinct customer_unique_id) as customers,
        sum(order_value_brl) as total_revenue_brl,
        sum(order_value_usd) as total_revenue_usd,
        sum(order_value_real_brl) as total_revenue_real_brl,
        sum(freight_value_brl) as total_freight_brl,
        sum(order_value_brl) / count(*) as avg_order_value_brl,
        -- freight as a share of each order's value, averaged over orders
        avg({{ ratio('freight_value_brl', 'order_value_brl') }})
            as avg_freight_ratio,
        -- delivery (delivered orders only)
        count(delivered_at) as delivered_orders,
        avg(delivery_days) as avg_delivery_days,
        avg({{ share_flag('delivered_late') }}) as late_delivery_rate,
        -- economy (each order's purchase-day rate, averaged over orders)
        avg(usd_brl_rate) as avg_exchange_rate,
        {{ exchange_rate_period('avg(usd_brl_rate)') }} as exchange_rate_period,
    from sales
    group by
        coalesce(customer_state, 'unknown'),
        order_month
)

select * from final
