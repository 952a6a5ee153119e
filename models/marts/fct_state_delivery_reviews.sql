-- One row per customer state, month and week of delivery delay: the review
-- scores of delivered sales. delay_week counts whole weeks past the estimated
-- delivery day: 0 is on time (on the day, or up to 6 days early), 1 is 1-7
-- days late, -1 is 7-13 days early, and so on, clamped to -4..4 (a month or
-- more either way). Sales whose customer is unknown (rejected in staging)
-- count under customer_state 'unknown'.
with

delivered_sales as (
    select
        order_id,
        customer_state,
        order_month,
        delivered_at,
        estimated_delivery_at,
    from {{ ref('fct_orders_with_economics') }}
    where is_sale
        and delivered_at is not null
        and estimated_delivery_at is not null
),

-- one score per order (the mean of its reviews), so each order weighs once
order_scores as (
    select
        order_id,
        avg(review_score) as review_score,
    from {{ ref('stg_order_reviews') }}
    group by order_id
),

delays as (
    select
        coalesce(delivered_sales.customer_state, 'unknown') as customer_state,
        delivered_sales.order_month,
        {{ days_between(
            to_date('delivered_sales.estimated_delivery_at'),
            to_date('delivered_sales.delivered_at')
        ) }} as days_late,
        order_scores.review_score,
    from delivered_sales
    inner join order_scores
        on delivered_sales.order_id = order_scores.order_id
),

weeks as (
    select
        customer_state,
        order_month,
        cast(
            least(4, greatest(-4, floor((days_late - 1) / 7) + 1)) as bigint
        ) as delay_week,
        review_score,
    from delays
),

final as (
    select
        -- grain
        customer_state,
        order_month,
        delay_week,
        -- reviews
        count(*) as reviewed_orders,
        sum(review_score) as review_score_sum,
        avg(review_score) as avg_review_score,
    from weeks
    group by
        customer_state,
        order_month,
        delay_week
)

select * from final
