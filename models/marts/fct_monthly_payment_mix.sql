-- One row per month and payment type: the sale orders whose main payment
-- (the type that paid most of the order) was of that type. Sales without a
-- usable payment count as 'not_defined', so a month's rows add up to its
-- sale orders.
with

sales as (
    select
        order_month,
        coalesce(main_payment_type, 'not_defined') as payment_type,
    from {{ ref('fct_orders_with_economics') }}
    where is_sale
),

final as (
    select
        -- grain
        order_month,
        payment_type,
        -- sales
        count(*) as order_count,
    from sales
    group by
        order_month,
        payment_type
)

select * from final
