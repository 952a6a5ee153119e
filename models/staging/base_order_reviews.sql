-- Reviews renamed and typed, every raw row kept, with the reason it cannot be used (null when it can).
{{ config(materialized='table') }}
with

source as (
    select * from {{ source('olist', 'order_reviews') }}
),

orders as (
    select order_id from {{ ref('stg_orders') }}
),

renamed as (
    select
        -- ids
        source.review_id,
        source.order_id,
        -- review
        source.review_score,
        source.review_comment_title as comment_title,
        source.review_comment_message as comment_message,
        -- timestamps
        cast(source.review_creation_date as {{ type_timestamp() }}) as created_at,
        cast(source.review_answer_timestamp as {{ type_timestamp() }}) as answered_at,
        orders.order_id is not null as has_order,
        row_number() over (
            partition by source.review_id, source.order_id
            order by source.review_answer_timestamp
        ) as copy_number
    from source
    left join orders
        on source.order_id = orders.order_id
),

final as (
    select
        *,
        case
            when review_id is null or order_id is null then 'missing key'
            when copy_number > 1 then 'duplicate (review_id, order_id)'
            when not has_order then 'orphan review: order not found'
            when review_score not between 1 and 5 then 'review_score outside 1..5'
        end as reject_reason
    from renamed
)

select * from final
