-- Products renamed and typed, every raw row kept, with the reason it cannot be used (null when it can).
{{ config(materialized='table') }}
with

source as (
    select * from {{ source('olist', 'products') }}
),

renamed as (
    select
        -- ids
        product_id,
        -- category (Portuguese name as in the source; null when the shop left it empty)
        nullif(trim(product_category_name), '') as category_name_pt,
        -- measures (the source's spelling "lenght" ends here)
        product_name_lenght as name_length,
        product_description_lenght as description_length,
        product_photos_qty as photos_count,
        product_weight_g as weight_g,
        product_length_cm as length_cm,
        product_height_cm as height_cm,
        product_width_cm as width_cm,
        row_number() over (
            partition by product_id
            order by product_category_name
        ) as copy_number
    from source
),

final as (
    select
        *,
        case
            when product_id is null then 'missing product_id'
            when copy_number > 1 then 'duplicate product_id'
        end as reject_reason
    from renamed
)

select * from final
