-- Order items renamed and typed, every raw row kept, with the reason it cannot be used (null when it can).
{{ config(materialized='table') }}
with

source as (
    select * from {{ source('olist', 'order_items') }}
),

orders as (
    select order_id from {{ ref('stg_orders') }}
),

renamed as (
    select
        -- ids
        source.order_id,
        source.order_item_id,
        source.product_id,
        source.seller_id,
        -- amounts (BRL)
        cast(source.price as {{ type_money() }}) as price_brl,
        cast(source.freight_value as {{ type_money() }}) as freight_value_brl,
        -- timestamps
        cast(source.shipping_limit_date as {{ type_timestamp() }}) as shipping_limit_at,
        orders.order_id is not null as has_order,
        row_number() over (
            partition by source.order_id, source.order_item_id
            order by source.price, source.product_id
        ) as copy_number
    from source
    left join orders
        on source.order_id = orders.order_id
),

final as (
    select
        *,
        case
            when order_id is null or order_item_id is null then 'missing key'
            when copy_number > 1 then 'duplicate (order_id, order_item_id)'
            when not has_order then 'orphan item: order not found'
            when price_brl is null or price_brl < 0 then 'negative or missing price'
            when freight_value_brl < 0 then 'negative freight'
        end as reject_reason
    from renamed
)

select * from final
