-- One row per product category that sold: its revenue over every month and
-- its position by revenue (category_index 0 = the most; on equal revenue the
-- alphabetically first comes first). The var top_categories largest are the
-- ones the state × category marts show one at a time; the others add up there
-- as 'other'. category_label and category_label_pt are the reviewed names of
-- the seed category_names (accents, the translation's typos fixed): what every
-- page shows; a category the seed lacks shows its key and fails a warn test.
with

category_months as (
    select * from {{ ref('fct_category_performance_economics') }}
),

categories as (
    select
        category_name,
        max(category_name_pt) as category_name_pt,
        sum(total_revenue_brl) as total_revenue_brl,
        sum(items_sold) as items_sold,
    from category_months
    group by category_name
),

names as (
    select * from {{ ref('category_names') }}
),

ranked as (
    select
        *,
        row_number() over (
            order by total_revenue_brl desc, category_name
        ) - 1 as category_index,
    from categories
),

final as (
    select
        -- category
        ranked.category_name,
        ranked.category_name_pt,
        -- names a reader sees
        coalesce(names.label_en, replace(ranked.category_name, '_', ' '))
            as category_label,
        coalesce(names.label_pt, replace(ranked.category_name_pt, '_', ' '))
            as category_label_pt,
        names.label_en is not null as has_reviewed_name,
        -- sales over every month
        ranked.items_sold,
        ranked.total_revenue_brl,
        -- position by revenue, 0 = the most
        ranked.category_index,
        ranked.category_index < {{ var('top_categories') }} as is_top_category,
    from ranked
    left join names
        on ranked.category_name_pt = names.category_name_pt
)

select * from final
