-- One row per seller: the usable rows of base_sellers.
{{ config(materialized='view') }}
with

base as (
    select * from {{ ref('base_sellers') }}
),

final as (
    select
        -- ids
        seller_id,
        -- place
        zip_code_prefix,
        city,
        state,
    from base
    where reject_reason is null
)

select * from final
