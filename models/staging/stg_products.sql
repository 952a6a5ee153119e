-- One row per product, with its category in Portuguese and English ("uncategorized" when missing).
{{ config(materialized='view') }}
with

base as (
    select * from {{ ref('base_products') }}
),

translations as (
    select * from {{ ref('stg_category_translations') }}
),

final as (
    select
        -- ids
        base.product_id,
        -- category
        coalesce(base.category_name_pt, 'sem_categoria') as category_name_pt,
        coalesce(
            translations.category_name,
            base.category_name_pt,
            'uncategorized'
        ) as category_name,
        -- measures
        base.weight_g,
        base.length_cm,
        base.height_cm,
        base.width_cm,
        base.photos_count,
    from base
    left join translations
        on base.category_name_pt = translations.category_name_pt
    where base.reject_reason is null
)

select * from final
