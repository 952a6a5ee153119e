-- One row per payment of an order: the usable rows of base_order_payments.
{{ config(materialized='view') }}
with

base as (
    select * from {{ ref('base_order_payments') }}
),

final as (
    select
        -- ids
        order_id,
        payment_sequential,
        -- payment
        payment_type,
        installments,
        -- amounts (BRL)
        payment_value_brl,
    from base
    where reject_reason is null
)

select * from final
