-- One row per day of the week and hour of purchase: sale orders over the
-- whole period, at São Paulo wall-clock time as the source records it. At
-- most 7 × 24 rows.
with

sales as (
    select
        {{ iso_weekday('purchased_at') }} as purchase_weekday,
        extract(hour from purchased_at) as purchase_hour,
    from {{ ref('fct_orders_with_economics') }}
    where is_sale
),

final as (
    select
        -- grain
        purchase_weekday,
        purchase_hour,
        -- sales
        count(*) as order_count,
    from sales
    group by
        purchase_weekday,
        purchase_hour
)

select * from final
