-- One row per order: the usable rows of base_orders.
{{ config(materialized='view') }}
with

base as (
    select * from {{ ref('base_orders') }}
),

final as (
    select
        -- ids
        order_id,
        customer_id,
        -- status
        order_status,
        order_status in {{ in_list(var('sales_statuses')) }} as is_sales_status,
        -- timestamps
        purchased_at,
        {{ to_date('purchased_at') }} as order_date,
        approved_at,
        shipped_at,
        -- A delivery before the purchase is impossible: the order stays a sale, its delivery time unknown
        -- (base_orders warns about it), so one such order cannot fail a delivery average downstream.
        case when delivered_at >= purchased_at then delivered_at end as delivered_at,
        estimated_delivery_at,
    from base
    where reject_reason is null
)

select * from final
