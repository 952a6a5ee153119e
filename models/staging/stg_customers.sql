-- One row per customer account (customer_unique_id identifies the person across orders).
{{ config(materialized='view') }}
with

base as (
    select * from {{ ref('base_customers') }}
),

final as (
    select
        -- ids
        customer_id,
        customer_unique_id,
        -- place
        zip_code_prefix,
        city,
        state,
    from base
    where reject_reason is null
)

select * from final
