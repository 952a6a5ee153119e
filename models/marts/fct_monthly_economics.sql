-- One row per month of the sales period: sales in BRL, USD and constant BRL beside the month's economy.
with

sales as (
    select * from {{ ref('fct_orders_with_economics') }}
    where is_sale
),

calendar as (
    select * from {{ ref('dim_calendar') }}
),

monthly_sales as (
    select
        order_month,
        count(*) as order_count,
        count(distinct customer_unique_id) as customers,
        sum(items_count) as items_sold,
        sum(order_value_brl) as total_revenue_brl,
        sum(order_value_usd) as total_revenue_usd,
        sum(order_value_real_brl) as total_revenue_real_brl,
        sum(freight_value_brl) as total_freight_brl,
    from sales
    group by order_month
),

monthly_economy as (
    select
        month_start,
        avg(usd_brl_rate) as avg_usd_brl_rate,
        max(ipca_month_pct) as ipca_month_pct,
        max(ipca_12m_pct) as ipca_12m_pct,
        max(ipca_index) as ipca_index,
        avg(selic_rate) as avg_selic_rate,
    from calendar
    group by month_start
),

final as (
    select
        -- month
        monthly_sales.order_month,
        -- sales
        monthly_sales.order_count,
        monthly_sales.customers,
        monthly_sales.items_sold,
        monthly_sales.total_revenue_brl,
        monthly_sales.total_revenue_usd,
        monthly_sales.total_revenue_real_brl,
        monthly_sales.total_freight_brl,
        monthly_sales.total_revenue_brl / monthly_sales.order_count as avg_order_value_brl,
        -- economy
        monthly_economy.avg_usd_brl_rate,
        {{ exchange_rate_period('monthly_economy.avg_usd_brl_rate') }} as exchange_rate_period,
        monthly_economy.ipca_month_pct,
        monthly_economy.ipca_12m_pct,
        monthly_economy.ipca_index,
        monthly_economy.avg_selic_rate,
    from monthly_sales
    left join monthly_economy
        on monthly_sales.order_month = monthly_economy.month_start
)

select * from final
