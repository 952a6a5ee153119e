-- One row per order item: the usable rows of base_order_items.
{{ config(materialized='view') }}
with

base as (
    select * from {{ ref('base_order_items') }}
),

final as (
    select
        -- ids
        order_id,
        order_item_id,
        product_id,
        seller_id,
        -- amounts (BRL)
        price_brl,
        coalesce(freight_value_brl, 0) as freight_value_brl,
        -- timestamps
        shipping_limit_at,
    from base
    where reject_reason is null
)

select * from final
