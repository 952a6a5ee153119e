-- One row per product category: the Portuguese name of the source and its English name.
{{ config(materialized='table') }}
with

source as (
    select * from {{ source('olist', 'product_category_name_translation') }}
),

final as (
    select distinct
        trim(product_category_name) as category_name_pt,
        trim(product_category_name_english) as category_name,
    from source
    where product_category_name is not null
)

select * from final
