{# Queries for data tests declared in YAML (`sql: {query: "{{ reconciliation(...) }}"}`): each returns the
   offending rows, none when the test passes. #}

{# Every raw row of a source table is either staged or rejected with a reason: raw = staged + rejected. #}
{% macro default__reconciliation(table_name, raw, staged, rejected) -%}
select
    '{{ table_name }}' as table_name,
    raw_rows,
    staged_rows,
    rejected_rows
from (
    select
        (select count(*) from {{ raw }}) as raw_rows,
        (select count(*) from {{ staged }}) as staged_rows,
        (
            select count(*) from {{ rejected }}
            where table_name = '{{ table_name }}'
        ) as rejected_rows
) as counts
where raw_rows <> staged_rows + rejected_rows
{%- endmacro %}

{# Months where a mart's total of `column` differs from fct_monthly_economics by more than `tolerance`. #}
{% macro default__reconciles_with_monthly(model, column, monthly, monthly_column, tolerance) -%}
select
    monthly.order_month,
    monthly.{{ monthly_column }} as monthly_total,
    mart.total as mart_total
from {{ monthly }} as monthly
full outer join (
    select order_month, sum({{ column }}) as total
    from {{ model }}
    group by order_month
) as mart
    on monthly.order_month = mart.order_month
where mart.total is null
    or monthly.{{ monthly_column }} is null
    or abs(monthly.{{ monthly_column }} - mart.total) > {{ tolerance }}
{%- endmacro %}
