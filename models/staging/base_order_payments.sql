-- Payments renamed and typed, every raw row kept, with the reason it cannot be used (null when it can).
{{ config(materialized='table') }}
with

source as (
    select * from {{ source('olist', 'order_payments') }}
),

orders as (
    select order_id from {{ ref('stg_orders') }}
),

renamed as (
    select
        -- ids
        source.order_id,
        source.payment_sequential,
        -- payment
        lower(trim(source.payment_type)) as payment_type,
        source.payment_installments as installments,
        -- amounts (BRL)
        cast(source.payment_value as {{ type_money() }}) as payment_value_brl,
        orders.order_id is not null as has_order,
        row_number() over (
            partition by source.order_id, source.payment_sequential
            order by source.payment_value
        ) as copy_number
    from source
    left join orders
        on source.order_id = orders.order_id
),

final as (
    select
        *,
        case
            when order_id is null or payment_sequential is null then 'missing key'
            when copy_number > 1 then 'duplicate (order_id, payment_sequential)'
            when not has_order then 'orphan payment: order not found'
            when payment_value_brl is null or payment_value_brl < 0 then 'negative or missing payment value'
        end as reject_reason
    from renamed
)

select * from final
