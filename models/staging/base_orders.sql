-- Orders renamed and typed, every raw row kept, with the reason it cannot be used (null when it can).
{{ config(materialized='table') }}
with

source as (
    select * from {{ source('olist', 'orders') }}
),

renamed as (
    select
        -- ids
        order_id,
        customer_id,
        -- status
        lower(trim(order_status)) as order_status,
        -- timestamps (America/Sao_Paulo wall-clock time, no zone, as the shop recorded them)
        cast(order_purchase_timestamp as {{ type_timestamp() }}) as purchased_at,
        cast(order_approved_at as {{ type_timestamp() }}) as approved_at,
        cast(order_delivered_carrier_date as {{ type_timestamp() }}) as shipped_at,
        cast(order_delivered_customer_date as {{ type_timestamp() }}) as delivered_at,
        cast(order_estimated_delivery_date as {{ type_timestamp() }}) as estimated_delivery_at,
        row_number() over (
            partition by order_id
            order by order_purchase_timestamp, order_status
        ) as copy_number
    from source
),

final as (
    select
        *,
        case
            when order_id is null then 'missing order_id'
            when copy_number > 1 then 'duplicate order_id'
            when purchased_at is null then 'missing purchase timestamp'
            -- A purchase after tomorrow (clocks and zones aside) is a typo, not a sale: no rate, no month to count.
            when purchased_at > {{ add_days('cast(current_date as ' ~ type_timestamp() ~ ')', 1 + var('future_purchase_tolerance_days')) }}
                then 'purchase timestamp in the future'
            when order_status not in {{ in_list(var('known_statuses')) }}
                then 'unknown order_status'
        end as reject_reason
    from renamed
)

select * from final
