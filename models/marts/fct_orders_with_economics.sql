-- One row per order, with its value in BRL, USD and constant BRL, the economy
-- of its purchase day and its delivery performance. is_sale says whether it
-- counts as a sale (status rule in project.yml).
{{ config(
    materialized='incremental',
    unique_key='order_id',
    delete_missing_from=ref('stg_orders'),
    partition_by={'field': 'order_month', 'granularity': 'month'},
    cluster_by=['customer_state']
) }}
with

{% if is_incremental() %}
lookback as (
    select
        {{ add_days('max(order_date)', -var('incremental_lookback_days')) }}
            as since
    from {{ this }}
),

-- Orders whose items or payments add up differently from what the mart holds,
-- however old: a price corrected at the source, an item or payment added or
-- removed (the extraction re-reads changed orders at any age).
item_changes as (
    select coalesce(staged.order_id, existing.order_id) as order_id
    from (
        select
            order_id,
            count(*) as items_count,
            sum(price_brl) as items_value_brl,
            sum(freight_value_brl) as freight_value_brl,
        from {{ ref('stg_order_items') }}
        group by order_id
    ) as staged
    full outer join (
        select
            order_id,
            items_count,
            items_value_brl,
            freight_value_brl,
        from {{ this }}
        where items_count > 0
    ) as existing
        on staged.order_id = existing.order_id
    where staged.items_count is distinct from existing.items_count
        or staged.items_value_brl is distinct from existing.items_value_brl
        or staged.freight_value_brl is distinct from existing.freight_value_brl
),

payment_changes as (
    select coalesce(staged.order_id, existing.order_id) as order_id
    from (
        select
            order_id,
            sum(payment_value_brl) as payment_value_brl,
        from {{ ref('stg_order_payments') }}
        group by order_id
    ) as staged
    full outer join (
        select
            order_id,
            payment_value_brl,
        from {{ this }}
        where payment_value_brl <> 0
    ) as existing
        on staged.order_id = existing.order_id
    where staged.payment_value_brl is distinct from existing.payment_value_brl
),
{% endif %}

orders as (
    select staged.*
    from {{ ref('stg_orders') }} as staged
    {% if is_incremental() %}
    -- Re-merge new orders, orders whose status, delivery, customer (the id,
    -- or the person and state its record gives), items or payments changed
    -- since the last build, and every order of the look-back window (late
    -- rate revisions). Orders deleted upstream go through delete_missing_from.
    left join {{ this }} as existing
        on staged.order_id = existing.order_id
    left join {{ ref('stg_customers') }} as customer
        on staged.customer_id = customer.customer_id
    cross join lookback
    where existing.order_id is null
        or staged.order_status <> existing.order_status
        or staged.delivered_at is distinct from existing.delivered_at
        or staged.customer_id is distinct from existing.customer_id
        or customer.customer_unique_id
            is distinct from existing.customer_unique_id
        or customer.state is distinct from existing.customer_state
        or staged.order_date >= lookback.since
        or staged.order_id in (select order_id from item_changes)
        or staged.order_id in (select order_id from payment_changes)
    {% endif %}
),

customers as (
    select * from {{ ref('stg_customers') }}
),

items as (
    select
        order_id,
        count(*) as items_count,
        sum(price_brl) as items_value_brl,
        sum(freight_value_brl) as freight_value_brl,
    from {{ ref('stg_order_items') }}
    {% if is_incremental() %}
    where order_id in (select order_id from orders)
    {% endif %}
    group by order_id
),

payments as (
    select
        order_id,
        sum(payment_value_brl) as payment_value_brl,
        -- the type that paid most of the order; ties go to the first payment
        {{ arg_max("payment_type", "payment_value_brl * 1000 - payment_sequential") }}
            as main_payment_type,
    from {{ ref('stg_order_payments') }}
    {% if is_incremental() %}
    where order_id in (select order_id from orders)
    {% endif %}
    group by order_id
),

calendar as (
    select * from {{ ref('dim_calendar') }}
),

joined as (
    select
        -- ids
        orders.order_id,
        orders.customer_id,
        customers.customer_unique_id,
        customers.state as customer_state,
        -- status
        orders.order_status,
        orders.is_sales_status and coalesce(items.items_count, 0) > 0 as is_sale,
        -- timestamps
        orders.purchased_at,
        orders.order_date,
        cast({{ month_start('orders.order_date') }} as date) as order_month,
        -- amounts (BRL)
        coalesce(items.items_count, 0) as items_count,
        coalesce(items.items_value_brl, 0) as items_value_brl,
        coalesce(items.freight_value_brl, 0) as freight_value_brl,
        coalesce(items.items_value_brl, 0)
            + coalesce(items.freight_value_brl, 0) as order_value_brl,
        coalesce(payments.payment_value_brl, 0) as payment_value_brl,
        payments.main_payment_type,
        -- economy of the purchase day
        calendar.usd_brl_rate,
        calendar.usd_brl_is_filled,
        calendar.ipca_index,
        calendar.selic_rate,
        calendar.exchange_rate_period,
        -- delivery
        orders.delivered_at,
        orders.estimated_delivery_at,
    from orders
    left join customers
        on orders.customer_id = customers.customer_id
    left join items
        on orders.order_id = items.order_id
    left join payments
        on orders.order_id = payments.order_id
    left join calendar
        on orders.order_date = calendar.date_day
),

final as (
    select
        *,
        {{ brl_to_usd('order_value_brl', 'usd_brl_rate') }} as order_value_usd,
        {{ deflate_brl('order_value_brl', 'ipca_index') }} as order_value_real_brl,
        {{ days_between('purchased_at', 'delivered_at') }} as delivery_days,
        case
            when delivered_at is null or estimated_delivery_at is null then null
            else {{ to_date('delivered_at') }} > {{ to_date('estimated_delivery_at') }}
        end as delivered_late,
    from joined
)

select * from final
