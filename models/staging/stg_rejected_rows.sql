-- Every source row that staging did not keep, with its table, key and reason (raw = staged + rejected).
{{ config(materialized='table') }}
{% set checked = [
    ['orders', 'base_orders', "order_id"],
    ['order_items', 'base_order_items', "order_id || '#' || cast(order_item_id as " ~ type_string() ~ ")"],
    ['order_payments', 'base_order_payments', "order_id || '#' || cast(payment_sequential as " ~ type_string() ~ ")"],
    ['order_reviews', 'base_order_reviews', "review_id || '#' || order_id"],
    ['customers', 'base_customers', "customer_id"],
    ['products', 'base_products', "product_id"],
    ['sellers', 'base_sellers', "seller_id"]
] %}
with

{% for table, model, key in checked %}
{{ table }}_rejects as (
    select
        '{{ table }}' as table_name,
        {{ key }} as row_key,
        reject_reason,
    from {{ ref(model) }}
    where reject_reason is not null
),
{% endfor %}

final as (
{% for table, model, key in checked %}
    select * from {{ table }}_rejects
    {% if not loop.last %}union all{% endif %}
{% endfor %}
)

select * from final
