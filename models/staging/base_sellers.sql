-- Sellers renamed and typed, every raw row kept, with the reason it cannot be
-- used (null when it can).
{{ config(materialized='table') }}
with

source as (
    select * from {{ source('olist', 'sellers') }}
),

renamed as (
    select
        -- ids
        seller_id,
        -- place
        seller_zip_code_prefix as zip_code_prefix,
        seller_city as city,
        upper(trim(seller_state)) as state,
        row_number() over (
            partition by seller_id
            order by seller_city
        ) as copy_number
    from source
),

final as (
    select
        *,
        case
            when seller_id is null then 'missing seller_id'
            when copy_number > 1 then 'duplicate seller_id'
        end as reject_reason
    from renamed
)

select * from final
