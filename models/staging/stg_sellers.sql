-- One row per seller.
with

source as (
    select * from {{ source('olist', 'sellers') }}
),

final as (
    select
        -- ids
        seller_id,
        -- place
        seller_zip_code_prefix as zip_code_prefix,
        seller_city as city,
        upper(trim(seller_state)) as state,
    from source
    where seller_id is not null
    qualify row_number() over (partition by seller_id order by seller_city) = 1
)

select * from final
