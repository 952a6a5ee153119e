-- Customers renamed and typed, every raw row kept, with the reason it cannot be used (null when it can).
{{ config(materialized='table') }}
with

source as (
    select * from {{ source('olist', 'customers') }}
),

renamed as (
    select
        -- ids
        customer_id,
        customer_unique_id,
        -- place
        customer_zip_code_prefix as zip_code_prefix,
        customer_city as city,
        upper(trim(customer_state)) as state,
        row_number() over (
            partition by customer_id
            order by customer_unique_id
        ) as copy_number
    from source
),

final as (
    select
        *,
        case
            when customer_id is null then 'missing customer_id'
            when copy_number > 1 then 'duplicate customer_id'
            when state not in {{ in_list(var('states')) }} then 'unknown state'
        end as reject_reason
    from renamed
)

select * from final
