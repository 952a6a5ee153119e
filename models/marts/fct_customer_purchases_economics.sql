-- One row per customer (customer_unique_id, the person across orders): what
-- they bought, when, at which exchange rates, and how they rated it. Sale
-- orders only; sales whose customer is unknown are left out (no person to
-- attribute them to).
with

sales as (
    select * from {{ ref('fct_orders_with_economics') }}
    where is_sale
        and customer_unique_id is not null
),

reviews as (
    select
        order_id,
        review_score,
    from {{ ref('stg_order_reviews') }}
),

customer_reviews as (
    select
        sales.customer_unique_id,
        avg(reviews.review_score) as avg_review_score,
        count(*) as review_count,
    from reviews
    inner join sales
        on reviews.order_id = sales.order_id
    group by sales.customer_unique_id
),

purchases as (
    select
        customer_unique_id,
        -- the state of the most recent sale (people move; ties go to the larger
        -- order_id)
        {{ arg_max_then("customer_state", "purchased_at", "order_id") }}
            as customer_state,
        min(purchased_at) as first_purchase_at,
        max(purchased_at) as last_purchase_at,
        count(*) as order_count,
        sum(items_count) as items_bought,
        sum(order_value_brl) as total_spent_brl,
        sum(order_value_usd) as total_spent_usd,
        sum(order_value_real_brl) as total_spent_real_brl,
        -- orders by the exchange-rate period of their purchase day
        sum(case when exchange_rate_period = 'Strong BRL' then 1 else 0 end)
            as orders_strong_brl,
        sum(case when exchange_rate_period = 'Moderate' then 1 else 0 end)
            as orders_moderate,
        sum(case when exchange_rate_period = 'Weak BRL' then 1 else 0 end)
            as orders_weak_brl,
    from sales
    group by customer_unique_id
),

final as (
    select
        -- ids
        purchases.customer_unique_id,
        purchases.customer_state,
        -- timestamps
        purchases.first_purchase_at,
        purchases.last_purchase_at,
        -- purchases
        purchases.order_count,
        purchases.order_count > 1 as is_repeat_customer,
        purchases.items_bought,
        purchases.total_spent_brl,
        purchases.total_spent_usd,
        purchases.total_spent_real_brl,
        purchases.total_spent_brl / purchases.order_count
            as avg_order_value_brl,
        -- reviews
        customer_reviews.avg_review_score,
        coalesce(customer_reviews.review_count, 0) as review_count,
        -- exchange-rate periods
        purchases.orders_strong_brl,
        purchases.orders_moderate,
        purchases.orders_weak_brl,
    from purchases
    left join customer_reviews
        on purchases.customer_unique_id = customer_reviews.customer_unique_id
)

select * from final
