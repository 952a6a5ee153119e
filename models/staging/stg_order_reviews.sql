-- One row per review of an order: the usable rows of base_order_reviews.
{{ config(materialized='view') }}
with

base as (
    select * from {{ ref('base_order_reviews') }}
),

final as (
    select
        -- ids
        review_id,
        order_id,
        -- review
        review_score,
        comment_title,
        comment_message,
        -- timestamps
        created_at,
        answered_at,
    from base
    where reject_reason is null
)

select * from final
